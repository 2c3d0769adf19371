import type { HLCTimestamp, LoggedDelta } from "@lakesync/core";

/**
 * The gateway's in-memory, append-only log of accepted deltas, ordered by position.
 * Flushed entries are dropped from the front; readers page by position.
 */
export class DeltaLog {
  #entries: LoggedDelta[] = [];
  #bytes: number[] = [];
  #head = 0;
  #byteSize = 0;

  get size(): number {
    return this.#entries.length - this.#head;
  }

  get byteSize(): number {
    return this.#byteSize;
  }

  /** The position of the oldest entry still held, or undefined when empty. */
  get firstPosition(): HLCTimestamp | undefined {
    return this.#entries[this.#head]?.position;
  }

  get lastPosition(): HLCTimestamp | undefined {
    return this.size === 0 ? undefined : this.#entries[this.#entries.length - 1]?.position;
  }

  append(entry: LoggedDelta, bytes: number): void {
    this.#entries.push(entry);
    this.#bytes.push(bytes);
    this.#byteSize += bytes;
  }

  /** The oldest `count` entries, oldest first. */
  head(count: number): LoggedDelta[] {
    return this.#entries.slice(this.#head, this.#head + count);
  }

  /** Drops the oldest `count` entries (they were flushed). */
  dropHead(count: number): void {
    const end = Math.min(this.#head + count, this.#entries.length);
    for (let i = this.#head; i < end; i++) this.#byteSize -= this.#bytes[i] ?? 0;
    this.#head = end;
    // Compact now and then so dropped entries can be collected.
    if (this.#head > 4096 && this.#head * 2 > this.#entries.length) {
      this.#entries = this.#entries.slice(this.#head);
      this.#bytes = this.#bytes.slice(this.#head);
      this.#head = 0;
    }
  }

  /** Index of the first entry with a position after `since`. */
  indexAfter(since: HLCTimestamp): number {
    let lo = this.#head;
    let hi = this.#entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.#entries[mid] as LoggedDelta).position <= since) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  at(index: number): LoggedDelta | undefined {
    return index >= this.#head ? this.#entries[index] : undefined;
  }

  get endIndex(): number {
    return this.#entries.length;
  }
}
