import type { Row } from "../delta/index.js";
import { hash32 } from "../hash/index.js";
import { ValueHasher } from "../hash/value-hash.js";

/**
 * Computes the fingerprint of a row, for the diff engine, into reused fields (no per-row
 * arrays): one 32-bit hash per column, 0 for null or absent, and a 64-bit row hash.
 *
 * A column's hash is the 64-bit {@link ValueHasher} hash of its value (tagged by type) seeded
 * with the 32-bit hash of the column's name; its low word is the column hash (1 if it
 * happens to be 0) and the row hash is the XOR of both words over the non-null columns. A
 * null column and a missing one are the same, so adding a column that is null everywhere
 * changes nothing. Columns are numbered in order of first appearance; the list only grows,
 * so numbers stay valid across cycles and in a saved snapshot.
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
  /** Each column's seed (the hash of its name), indexed by column number. */
  readonly #seeds: number[];
  readonly #skip: string;
  // Rows of one query share their column names in one order: the numbers of the last list
  // seen are kept, and a row with the very same names skips their lookups (-1: skipped).
  #lastNames: readonly string[] = [];
  #lastNumbers: number[] = [];

  constructor(columns: readonly string[], skipColumn: string) {
    this.columns = [...columns];
    this.#numbers = new Map(this.columns.map((name, i) => [name, i]));
    this.#seeds = this.columns.map(hash32);
    this.#skip = skipColumn;
    this.count = this.columns.length;
    this.cols = new Uint32Array(Math.max(16, this.count * 2));
  }

  /** Fingerprints `row` into `cols`, `count`, `lo` and `hi`. */
  fingerprint(row: Row): void {
    this.cols.fill(0, 0, this.count);
    let lo = 0;
    let hi = 0;
    const names = Object.keys(row);
    const numbers = this.#numbersOf(names);
    for (let i = 0; i < names.length; i++) {
      const j = numbers[i] as number;
      if (j < 0) continue;
      const value = row[names[i] as string];
      if (value === null || value === undefined) continue;
      HASHER.hash(this.#seeds[j] as number, value);
      const a = HASHER.lo;
      lo ^= a;
      hi ^= HASHER.hi;
      this.cols[j] = a === 0 ? 1 : a;
    }
    this.lo = lo >>> 0;
    this.hi = hi >>> 0;
  }

  /** Each name's column number (-1 for the skipped column), numbering new names. */
  #numbersOf(names: readonly string[]): number[] {
    const last = this.#lastNames;
    if (names.length === last.length) {
      let same = true;
      for (let i = 0; i < names.length && same; i++) same = names[i] === last[i];
      if (same) return this.#lastNumbers;
    }
    const numbers = names.map((name) =>
      name === this.#skip ? -1 : (this.#numbers.get(name) ?? this.#addColumn(name)),
    );
    this.#lastNames = names;
    this.#lastNumbers = numbers;
    return numbers;
  }

  #addColumn(name: string): number {
    const j = this.columns.length;
    this.columns.push(name);
    this.#numbers.set(name, j);
    this.#seeds.push(hash32(name));
    this.count = this.columns.length;
    if (this.count > this.cols.length) {
      const cols = new Uint32Array(this.cols.length * 2);
      cols.set(this.cols);
      this.cols = cols;
    }
    return j;
  }
}

const HASHER = new ValueHasher();
