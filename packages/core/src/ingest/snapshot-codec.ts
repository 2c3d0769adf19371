import { ValidationError } from "../errors/index.js";
import { Err, Ok, type Result } from "../result/index.js";
import { RowHashes } from "./row-hashes.js";
import { RowIdIndex, RowIdKey } from "./row-id-index.js";
import type { SnapshotState } from "./snapshot-state.js";
import { decodeUtf8, LITTLE_ENDIAN, readLength } from "./varint.js";

const MAGIC = [0x4c, 0x53, 0x44, 0x53]; // "LSDS"
// 3: column hashes by ValueHasher (row-fingerprint.ts); an older snapshot starts over.
const VERSION = 3;
const PREFIX = 12; // magic, version, 3 reserved bytes, header length (u32)

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The bytes of a snapshot: `LSDS`, a version byte, a JSON header (table, row id column,
 * columns, row count), every row id as a LEB128 length and UTF-8, then per row its
 * fingerprint as little-endian u32 words (row hash, then one per column).
 */
export function encodeSnapshot(state: SnapshotState): Uint8Array {
  const { ids, hashes } = state;
  const stride = hashes.stride;
  const header = encoder.encode(
    JSON.stringify({
      table: state.table,
      rowIdColumn: state.rowIdColumn,
      columns: state.columns,
      rows: ids.size,
      stride,
    }),
  );
  let idBytes = 0;
  for (let slot = 0; slot < ids.slotCount; slot++) {
    if (ids.isLive(slot)) idBytes += ids.entrySize(slot);
  }
  const hashStart = align4(PREFIX + header.length + idBytes);
  const width = stride + 2;
  const out = new Uint8Array(hashStart + ids.size * width * 4);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  out[4] = VERSION;
  view.setUint32(8, header.length, true);
  out.set(header, PREFIX);

  let at = PREFIX + header.length;
  let word = 0;
  const words = hashes.words;
  const out32 = LITTLE_ENDIAN ? new Uint32Array(out.buffer, hashStart, ids.size * width) : null;
  for (let slot = 0; slot < ids.slotCount; slot++) {
    if (!ids.isLive(slot)) continue;
    at = ids.copyEntry(slot, out, at);
    for (let w = slot * width, end = w + width; w < end; w++, word++) {
      const value = words[w] ?? 0;
      if (out32) out32[word] = value;
      else view.setUint32(hashStart + word * 4, value, true);
    }
  }
  return out;
}

/** Reads bytes written by `encodeSnapshot`; anything else is an Err naming what is wrong. */
export function decodeSnapshot(bytes: Uint8Array): Result<SnapshotState, ValidationError> {
  if (bytes.length < PREFIX || MAGIC.some((b, i) => bytes[i] !== b)) {
    return invalid("is not a LakeSync diff snapshot");
  }
  if (bytes[4] !== VERSION) return invalid(`has unsupported version ${bytes[4]}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(8, true);
  if (PREFIX + headerLength > bytes.length) return invalid("is truncated (header)");

  let header: unknown;
  try {
    header = JSON.parse(decoder.decode(bytes.subarray(PREFIX, PREFIX + headerLength)));
  } catch {
    return invalid("has an unreadable header");
  }
  if (!isHeader(header)) return invalid("has a malformed header");
  const { table, rowIdColumn, columns, rows, stride } = header;

  // Each row takes at least one id byte and its hash words: check before allocating.
  if (rows * (1 + (stride + 2) * 4) > bytes.length - PREFIX - headerLength) {
    return invalid("has the wrong length");
  }
  const ids = new RowIdIndex(rows);
  const key = new RowIdKey();
  let at = PREFIX + headerLength;
  for (let i = 0; i < rows; i++) {
    let length = bytes[at] ?? 0x80;
    let start = at + 1;
    if (length >= 0x80) {
      const read = readLength(bytes, at);
      if (!read) return invalid("is truncated (row ids)");
      length = read.length;
      start = read.next;
    }
    const end = start + length;
    if (end > bytes.length) return invalid("is truncated (row ids)");
    const rowId = decodeUtf8(bytes, start, end);
    if (ids.find(key.set(rowId)) >= 0) return invalid(`holds row id "${rowId}" twice`);
    ids.insert(key);
    at = end;
  }

  const hashStart = align4(at);
  const width = stride + 2;
  if (bytes.length !== hashStart + rows * width * 4) return invalid("has the wrong length");
  const hashes = new RowHashes(stride, Math.max(rows, 16));
  const words = hashes.words;
  const start = bytes.byteOffset + hashStart;
  if (LITTLE_ENDIAN && start % 4 === 0) {
    words.set(new Uint32Array(bytes.buffer, start, rows * width));
  } else {
    for (let w = 0; w < rows * width; w++) words[w] = view.getUint32(hashStart + w * 4, true);
  }
  return Ok({ table, rowIdColumn, columns, ids, hashes });
}

interface Header {
  table: string;
  rowIdColumn: string;
  columns: string[];
  rows: number;
  stride: number;
}

function isHeader(value: unknown): value is Header {
  if (typeof value !== "object" || value === null) return false;
  const h = value as Record<string, unknown>;
  return (
    typeof h.table === "string" &&
    h.table.length > 0 &&
    typeof h.rowIdColumn === "string" &&
    h.rowIdColumn.length > 0 &&
    Array.isArray(h.columns) &&
    h.columns.every((c) => typeof c === "string") &&
    new Set(h.columns).size === h.columns.length &&
    Number.isSafeInteger(h.rows) &&
    (h.rows as number) >= 0 &&
    Number.isSafeInteger(h.stride) &&
    (h.stride as number) >= 0 &&
    (h.stride as number) <= h.columns.length
  );
}

function invalid(problem: string): Result<never, ValidationError> {
  return Err(
    new ValidationError([{ path: "snapshot", message: `snapshot ${problem}` }], "INVALID_REQUEST"),
  );
}

function align4(n: number): number {
  return (n + 3) & ~3;
}
