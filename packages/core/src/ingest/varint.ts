// Byte helpers shared by the row id arena and the snapshot format.

const decoder = new TextDecoder();

/** Whether this platform stores multi-byte words little-endian (every mainstream one does). */
export const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Writes `length` as a LEB128 varint at `offset`; returns the offset after it. */
export function writeLength(bytes: Uint8Array, offset: number, length: number): number {
  let at = offset;
  let rest = length;
  while (rest >= 0x80) {
    bytes[at++] = (rest & 0x7f) | 0x80;
    rest >>>= 7;
  }
  bytes[at++] = rest;
  return at;
}

/** Bytes `writeLength` uses for `length`. */
export function lengthSize(length: number): number {
  let size = 1;
  for (let rest = length; rest >= 0x80; rest >>>= 7) size += 1;
  return size;
}

/**
 * Reads a LEB128 varint at `offset`: the value and the offset after it, or null when the
 * bytes end first or the value would exceed 32 bits.
 */
export function readLength(
  bytes: Uint8Array,
  offset: number,
): { readonly length: number; readonly next: number } | null {
  let length = 0;
  let shift = 0;
  for (let at = offset; at < bytes.length && shift < 35; at++) {
    const b = bytes[at] ?? 0;
    length += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) return { length, next: at + 1 };
    shift += 7;
  }
  return null;
}

/** UTF-8 bytes `[start, end)` as a string; short ASCII (most ids) skips the TextDecoder. */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  if (end - start > 32) return decoder.decode(bytes.subarray(start, end));
  let text = "";
  for (let i = start; i < end; i++) {
    const b = bytes[i] ?? 0;
    if (b >= 0x80) return decoder.decode(bytes.subarray(start, end));
    text += String.fromCharCode(b);
  }
  return text;
}
