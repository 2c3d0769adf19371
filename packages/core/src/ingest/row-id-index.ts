import { fmix32 } from "../hash/murmur128.js";
import { decodeUtf8, readLength, writeLength } from "./varint.js";

const encoder = new TextEncoder();

/**
 * A row id prepared for `RowIdIndex`: its 32-bit hash and UTF-8 bytes, computed once and
 * reused for every lookup of the same row. One instance is reused from row to row.
 */
export class RowIdKey {
  hash = 0;
  length = 0;
  bytes = new Uint8Array(64);

  /** Prepares `text`; returns this key. */
  set(text: string): this {
    const n = text.length;
    if (this.bytes.length < n * 3) this.bytes = new Uint8Array(n * 3);
    const bytes = this.bytes;
    // FNV-1a over the UTF-8 bytes as they are written, then MurmurHash3's finaliser: a
    // well-spread probe start for an in-memory table (never stored), for one pass per row.
    let h = FNV_OFFSET;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x80) {
        this.length = encoder.encodeInto(text, bytes).written;
        this.hash = spread(bytes, this.length);
        return this;
      }
      bytes[i] = c;
      h = Math.imul(h ^ c, FNV_PRIME);
    }
    this.length = n;
    this.hash = fmix32(h);
    return this;
  }
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function spread(bytes: Uint8Array, length: number): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < length; i++) h = Math.imul(h ^ (bytes[i] as number), FNV_PRIME);
  return fmix32(h);
}

const FREE = 0xffffffff;
const MAX_LOAD = 0.7;

/**
 * A compact map from row id to a dense slot number (0, 1, 2...; freed slots are reused).
 * Ids live as UTF-8 in one byte arena, found through an open-addressing table of slot
 * numbers: about 25 bytes per id of 7 characters, where a `Map<string, number>` costs
 * about 80 in JavaScriptCore.
 */
export class RowIdIndex {
  // Open addressing with linear probing; an entry is slot + 1, 0 is empty.
  #table: Int32Array<ArrayBuffer>;
  #mask: number;
  // Per slot: the id's hash (probe start and quick reject) and its offset in the arena.
  #hashes: Uint32Array<ArrayBuffer>;
  #offsets: Uint32Array<ArrayBuffer>;
  #arena: Uint8Array<ArrayBuffer>;
  #arenaUsed = 0;
  #garbage = 0;
  #free = new Uint32Array(64);
  #freeCount = 0;
  #slotCount = 0;
  #size = 0;

  /** `expected`: ids to make room for up front (e.g. when restoring), else it starts small. */
  constructor(expected = 0) {
    let tableSize = 1024;
    while (tableSize * MAX_LOAD < expected) tableSize *= 2;
    const slots = Math.max(256, expected);
    this.#table = new Int32Array(tableSize);
    this.#mask = tableSize - 1;
    this.#hashes = new Uint32Array(slots);
    this.#offsets = new Uint32Array(slots).fill(FREE);
    this.#arena = new Uint8Array(Math.max(4096, expected * 8));
  }

  /** Ids held. */
  get size(): number {
    return this.#size;
  }

  /** One more than the highest slot ever used: every live slot is below it. */
  get slotCount(): number {
    return this.#slotCount;
  }

  /** Bytes of the typed arrays behind the index. */
  get byteLength(): number {
    return (
      this.#table.byteLength +
      this.#hashes.byteLength +
      this.#offsets.byteLength +
      this.#arena.byteLength +
      this.#free.byteLength
    );
  }

  /** The slot of `key`, or -1. */
  find(key: RowIdKey): number {
    const table = this.#table;
    const mask = this.#mask;
    let i = key.hash & mask;
    for (;;) {
      const entry = table[i] ?? 0;
      if (entry === 0) return -1;
      const slot = entry - 1;
      if (this.#hashes[slot] === key.hash && this.#equals(slot, key)) return slot;
      i = (i + 1) & mask;
    }
  }

  /** Adds an id that `find` did not find; returns its slot. */
  insert(key: RowIdKey): number {
    if (this.#size + 1 > this.#table.length * MAX_LOAD) this.#rehash(this.#table.length * 2);
    const slot = this.#freeCount > 0 ? (this.#free[--this.#freeCount] ?? 0) : this.#slotCount++;
    if (slot >= this.#hashes.length) this.#growSlots(slot + 1);
    this.#hashes[slot] = key.hash;
    this.#offsets[slot] = this.#append(key.bytes, key.length);
    this.#place(slot, key.hash);
    this.#size += 1;
    return slot;
  }

  /** Removes the id in `slot`; the slot will be reused. */
  remove(slot: number): void {
    if (!this.isLive(slot)) return;
    const table = this.#table;
    const mask = this.#mask;
    let i = (this.#hashes[slot] ?? 0) & mask;
    while (table[i] !== slot + 1) i = (i + 1) & mask;
    // Backward-shift deletion: pull later entries of the probe run into the hole.
    let hole = i;
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      const entry = table[j] ?? 0;
      if (entry === 0) break;
      const home = (this.#hashes[entry - 1] ?? 0) & mask;
      const stays = hole <= j ? home > hole && home <= j : home > hole || home <= j;
      if (!stays) {
        table[hole] = entry;
        hole = j;
      }
    }
    table[hole] = 0;

    const { offset, end } = this.#span(slot);
    this.#garbage += end - offset;
    this.#offsets[slot] = FREE;
    if (this.#freeCount === this.#free.length) this.#free = grow(this.#free, this.#free.length * 2);
    this.#free[this.#freeCount++] = slot;
    this.#size -= 1;
  }

  /** Whether `slot` holds an id. */
  isLive(slot: number): boolean {
    return slot >= 0 && slot < this.#slotCount && this.#offsets[slot] !== FREE;
  }

  /** The id in a live slot. */
  rowIdAt(slot: number): string {
    const { start, end } = this.#span(slot);
    return decodeUtf8(this.#arena, start, end);
  }

  /** The UTF-8 bytes of the id in a live slot (a view: copy it to keep it). */
  rowIdBytesAt(slot: number): Uint8Array {
    const { start, end } = this.#span(slot);
    return this.#arena.subarray(start, end);
  }

  /** Bytes of the id in a live slot as stored: a LEB128 byte length, then UTF-8. */
  entrySize(slot: number): number {
    const { offset, end } = this.#span(slot);
    return end - offset;
  }

  /** Copies the id in a live slot as stored (see `entrySize`) to `out` at `at`; returns the end. */
  copyEntry(slot: number, out: Uint8Array, at: number): number {
    const arena = this.#arena;
    let from = this.#offsets[slot] ?? FREE;
    if (from === FREE || slot >= this.#slotCount) throw new RangeError(`slot ${slot} is free`);
    let to = at;
    let length = 0;
    let shift = 0;
    for (;;) {
      const b = arena[from++] ?? 0;
      out[to++] = b;
      length += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) break;
      shift += 7;
    }
    for (let i = 0; i < length; i++) out[to++] = arena[from++] ?? 0;
    return to;
  }

  #span(slot: number): { offset: number; start: number; end: number } {
    const offset = this.#offsets[slot] ?? FREE;
    if (offset === FREE || slot >= this.#slotCount) throw new RangeError(`slot ${slot} is free`);
    const read = readLength(this.#arena, offset);
    const start = read?.next ?? offset;
    return { offset, start, end: start + (read?.length ?? 0) };
  }

  #equals(slot: number, key: RowIdKey): boolean {
    const arena = this.#arena;
    const offset = this.#offsets[slot] ?? 0;
    let length = arena[offset] ?? 0;
    let start = offset + 1;
    if (length >= 0x80) {
      // Ids of 128 bytes or more have a longer length prefix (off the hot path).
      const read = readLength(arena, offset);
      length = read?.length ?? 0;
      start = read?.next ?? start;
    }
    if (length !== key.length) return false;
    const bytes = key.bytes;
    for (let i = 0; i < length; i++) if (arena[start + i] !== bytes[i]) return false;
    return true;
  }

  #place(slot: number, hash: number): void {
    const table = this.#table;
    const mask = this.#mask;
    let i = hash & mask;
    while (table[i] !== 0) i = (i + 1) & mask;
    table[i] = slot + 1;
  }

  #rehash(capacity: number): void {
    this.#table = new Int32Array(capacity);
    this.#mask = capacity - 1;
    for (let slot = 0; slot < this.#slotCount; slot++) {
      if (this.#offsets[slot] !== FREE) this.#place(slot, this.#hashes[slot] ?? 0);
    }
  }

  #growSlots(min: number): void {
    let capacity = this.#hashes.length;
    while (capacity < min) capacity *= 2;
    this.#hashes = grow(this.#hashes, capacity);
    const offsets = new Uint32Array(capacity).fill(FREE);
    offsets.set(this.#offsets);
    this.#offsets = offsets;
  }

  #append(bytes: Uint8Array, length: number): number {
    const needed = length + 5;
    if (this.#arenaUsed + needed > this.#arena.length) {
      if (this.#garbage > this.#arenaUsed / 2) this.#compact();
      if (this.#arenaUsed + needed > this.#arena.length) {
        let capacity = this.#arena.length * 2;
        while (capacity < this.#arenaUsed + needed) capacity *= 2;
        const arena = new Uint8Array(capacity);
        arena.set(this.#arena.subarray(0, this.#arenaUsed));
        this.#arena = arena;
      }
    }
    const offset = this.#arenaUsed;
    const arena = this.#arena;
    let at = writeLength(arena, offset, length);
    // A plain loop: for ids of a few bytes it beats subarray() + set().
    for (let i = 0; i < length; i++) arena[at++] = bytes[i] ?? 0;
    this.#arenaUsed = at;
    return offset;
  }

  // Moves live ids to the front of the arena, dropping those of removed slots.
  #compact(): void {
    const arena = new Uint8Array(this.#arena.length);
    let used = 0;
    for (let slot = 0; slot < this.#slotCount; slot++) {
      if (this.#offsets[slot] === FREE) continue;
      const { offset, end } = this.#span(slot);
      arena.set(this.#arena.subarray(offset, end), used);
      this.#offsets[slot] = used;
      used += end - offset;
    }
    this.#arena = arena;
    this.#arenaUsed = used;
    this.#garbage = 0;
  }
}

function grow(array: Uint32Array, capacity: number): Uint32Array<ArrayBuffer> {
  const next = new Uint32Array(capacity);
  next.set(array);
  return next;
}
