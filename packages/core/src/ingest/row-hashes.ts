/**
 * Fixed-width records of row fingerprints in one growable Uint32Array: per entry a 64-bit
 * row hash (two words) and one 32-bit hash per column (`stride` of them, 0 for null/absent).
 * The stride widens when a column appears; reading past it gives 0.
 */
export class RowHashes {
  #data: Uint32Array;
  #stride: number;
  #capacity: number;

  constructor(stride = 0, capacity = 256) {
    this.#stride = stride;
    this.#capacity = capacity;
    this.#data = new Uint32Array(capacity * (stride + 2));
  }

  /** Column hashes per entry. */
  get stride(): number {
    return this.#stride;
  }

  /** Entries the current allocation holds. */
  get capacity(): number {
    return this.#capacity;
  }

  get byteLength(): number {
    return this.#data.byteLength;
  }

  /** Low word of the row hash of `entry`. */
  rowLo(entry: number): number {
    return this.#data[entry * (this.#stride + 2)] ?? 0;
  }

  /** High word of the row hash of `entry`. */
  rowHi(entry: number): number {
    return this.#data[entry * (this.#stride + 2) + 1] ?? 0;
  }

  /** Hash of column `column` of `entry`; 0 when null, absent or beyond the stride. */
  col(entry: number, column: number): number {
    if (column >= this.#stride) return 0;
    return this.#data[entry * (this.#stride + 2) + 2 + column] ?? 0;
  }

  /** Stores a fingerprint: `count` column hashes from `cols`, zeros for the rest. */
  write(entry: number, lo: number, hi: number, cols: Uint32Array, count: number): void {
    if (count > this.#stride) this.widen(count);
    if (entry >= this.#capacity) this.reserve(entry + 1);
    const width = this.#stride + 2;
    const data = this.#data;
    const base = entry * width;
    data[base] = lo;
    data[base + 1] = hi;
    for (let j = 0; j < this.#stride; j++) data[base + 2 + j] = j < count ? (cols[j] ?? 0) : 0;
  }

  /** Copies entry `from` of `source` into entry `to` of this store. */
  copyFrom(source: RowHashes, from: number, to: number): void {
    if (source.#stride > this.#stride) this.widen(source.#stride);
    if (to >= this.#capacity) this.reserve(to + 1);
    const width = this.#stride + 2;
    const base = to * width;
    const srcWidth = source.#stride + 2;
    const src = source.#data.subarray(from * srcWidth, (from + 1) * srcWidth);
    this.#data.fill(0, base, base + width);
    this.#data.set(src, base);
  }

  /** Makes room for `entries` entries (capacity doubles). */
  reserve(entries: number): void {
    if (entries <= this.#capacity) return;
    let capacity = Math.max(this.#capacity, 16);
    while (capacity < entries) capacity *= 2;
    const data = new Uint32Array(capacity * (this.#stride + 2));
    data.set(this.#data);
    this.#data = data;
    this.#capacity = capacity;
  }

  /** Widens every entry to `stride` column hashes; new columns read as 0 (null). */
  widen(stride: number): void {
    if (stride <= this.#stride) return;
    const oldWidth = this.#stride + 2;
    const width = stride + 2;
    const data = new Uint32Array(this.#capacity * width);
    for (let e = 0; e < this.#capacity; e++) {
      data.set(this.#data.subarray(e * oldWidth, (e + 1) * oldWidth), e * width);
    }
    this.#data = data;
    this.#stride = stride;
  }

  /** The raw words, `capacity × (stride + 2)`, for serialisation. */
  get words(): Uint32Array {
    return this.#data;
  }
}
