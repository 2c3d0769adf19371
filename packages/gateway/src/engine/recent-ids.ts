/**
 * The deltaIds the gateway has accepted: every buffered one, and the most recent flushed
 * ones (a bounded window), so a client re-sending after a flush is still recognised.
 *
 * The flushed window is two generations of at most `flushedCap` ids each: when the current
 * one fills, the previous one is dropped whole. That keeps at least the last `flushedCap`
 * flushed ids at O(1) per id; evicting one id at a time from the front of a Set degrades as
 * deleted entries pile up in front of its iterator.
 */
export class RecentIds {
  readonly #buffered = new Set<string>();
  #current = new Set<string>();
  #previous = new Set<string>();
  readonly #flushedCap: number;

  constructor(flushedCap = 100_000) {
    this.#flushedCap = flushedCap;
  }

  has(id: string): boolean {
    return this.#buffered.has(id) || this.#current.has(id) || this.#previous.has(id);
  }

  add(id: string): void {
    this.#buffered.add(id);
  }

  /** Moves an id from the buffer to the flushed window. */
  retire(id: string): void {
    // Fresh pushes remember no ids: a buffer of them alone costs no lookups here.
    if (this.#buffered.size === 0 || !this.#buffered.delete(id)) return;
    if (this.#current.size >= this.#flushedCap) {
      this.#previous = this.#current;
      this.#current = new Set<string>();
    }
    this.#current.add(id);
  }
}
