/**
 * The deltaIds the gateway has accepted: every buffered one, and the most recent flushed
 * ones (a bounded window), so a client re-sending after a flush is still recognised.
 */
export class RecentIds {
  readonly #buffered = new Set<string>();
  readonly #flushed = new Set<string>();
  readonly #flushedCap: number;

  constructor(flushedCap = 100_000) {
    this.#flushedCap = flushedCap;
  }

  has(id: string): boolean {
    return this.#buffered.has(id) || this.#flushed.has(id);
  }

  add(id: string): void {
    this.#buffered.add(id);
  }

  /** Moves an id from the buffer to the flushed window, evicting the oldest past the cap. */
  retire(id: string): void {
    if (!this.#buffered.delete(id)) return;
    this.#flushed.add(id);
    if (this.#flushed.size > this.#flushedCap) {
      const oldest = this.#flushed.values().next().value;
      if (oldest !== undefined) this.#flushed.delete(oldest);
    }
  }
}
