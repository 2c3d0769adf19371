/**
 * Saves that must wait until the deltas before them were accepted. `register` gives a
 * sequence number to pass as a ChunkedPusher checkpoint; `run(seq)` (the pusher's
 * `onCheckpoint`) performs every save registered up to it, in order. Only saves of
 * not-yet-accepted deltas are held, so the queue stays within a chunk or two.
 */
export class CheckpointQueue {
  #next = 0;
  #pending: { seq: number; saves: readonly (() => Promise<void>)[] }[] = [];

  /** Holds `saves` until `run` reaches the returned sequence number; undefined when there are none. */
  register(saves: readonly (() => Promise<void>)[]): number | undefined {
    if (saves.length === 0) return undefined;
    const seq = this.#next++;
    this.#pending.push({ seq, saves });
    return seq;
  }

  async run(seq: number): Promise<void> {
    while (this.#pending.length > 0 && (this.#pending[0]?.seq ?? Infinity) <= seq) {
      const entry = this.#pending.shift();
      if (entry) for (const save of entry.saves) await save();
    }
  }
}
