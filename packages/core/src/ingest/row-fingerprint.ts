import type { Row } from "../delta/index.js";
import { Murmur128, stableStringify } from "../hash/index.js";

/**
 * Computes the fingerprint of a row, for the diff engine, into reused fields (no per-row
 * arrays): one 32-bit hash per column, 0 for null or absent, and a 64-bit row hash.
 *
 * A column's hash is the 128-bit MurmurHash3 of `name + "\0" + tag + text`, where a string is
 * `s` and itself, a finite number `n` and its decimal form, a boolean `b1`/`b0`, and anything
 * else `j` and its canonical JSON (so `"1"` and `1` differ, and no string is escaped); its
 * first word is the column hash (1 if it happens to be 0) and the row hash is the XOR of the
 * first two words over the non-null columns. A null column and a missing one are the same, so adding a column that is
 * null everywhere changes nothing. Columns are numbered in order of first appearance; the
 * list only grows, so numbers stay valid across cycles and in a saved snapshot.
 */
export class RowFingerprinter {
  /** Column names by number (the row id column is left out). */
  readonly columns: string[];
  /** Column hashes of the last row, indexed by column number; `count` are valid. */
  cols: Uint32Array;
  /** Columns known, after the last row. */
  count: number;
  lo = 0;
  hi = 0;
  readonly #numbers: Map<string, number>;
  readonly #skip: string;

  constructor(columns: readonly string[], skipColumn: string) {
    this.columns = [...columns];
    this.#numbers = new Map(this.columns.map((name, i) => [name, i]));
    this.#skip = skipColumn;
    this.count = this.columns.length;
    this.cols = new Uint32Array(Math.max(16, this.count * 2));
  }

  /** Fingerprints `row` into `cols`, `count`, `lo` and `hi`. */
  fingerprint(row: Row): void {
    this.cols.fill(0, 0, this.count);
    let lo = 0;
    let hi = 0;
    for (const name of Object.keys(row)) {
      if (name === this.#skip) continue;
      const j = this.#numbers.get(name) ?? this.#addColumn(name);
      const value = row[name];
      if (value === null || value === undefined) continue;
      // Indexing, not destructuring: array destructuring goes through the iterator protocol.
      const h = feedValue(HASHER.reset().update(name).unit(0), value).digest();
      const a = h[0];
      lo ^= a;
      hi ^= h[1];
      this.cols[j] = a === 0 ? 1 : a;
    }
    this.lo = lo >>> 0;
    this.hi = hi >>> 0;
  }

  #addColumn(name: string): number {
    const j = this.columns.length;
    this.columns.push(name);
    this.#numbers.set(name, j);
    this.count = this.columns.length;
    if (this.count > this.cols.length) {
      const cols = new Uint32Array(this.cols.length * 2);
      cols.set(this.cols);
      this.cols = cols;
    }
    return j;
  }
}

const HASHER = new Murmur128();
const TAG_STRING = 0x73; // "s"
const TAG_NUMBER = 0x6e; // "n"
const TAG_JSON = 0x6a; // "j"

/**
 * Feeds a value as its tag and text: the units of `s<string>`, `n<decimal>`, `b1`/`b0` or
 * `j<canonical JSON>`, without building that string.
 */
function feedValue(h: Murmur128, value: unknown): Murmur128 {
  switch (typeof value) {
    case "string":
      return h.unit(TAG_STRING).update(value);
    case "number":
      return Number.isFinite(value)
        ? h.unit(TAG_NUMBER).update(String(value))
        : h.unit(TAG_JSON).update(stableStringify(value));
    case "boolean":
      return h.update(value ? "b1" : "b0");
    default:
      return h.unit(TAG_JSON).update(stableStringify(value));
  }
}
