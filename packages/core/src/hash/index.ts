import { Murmur128, murmurOf } from "./murmur128.js";
import { type TextSink, writeStable } from "./stable-stringify.js";

export { Murmur128, murmurOf } from "./murmur128.js";
export {
  stableStringify,
  type TextSink,
  writeStable,
} from "./stable-stringify.js";

/**
 * Synchronous 128-bit MurmurHash3 over a string's UTF-16 code units, as 32 hex characters.
 * Pure JS so it runs the same in every runtime, and fast enough to hash every row
 * (Web Crypto digests are async and several times slower per row).
 */
export function hash128(input: string): string {
  return murmurOf(input).hex();
}

/** The first 64 bits of `hash128`, as two unsigned 32-bit words. */
export function hash64(input: string): readonly [number, number] {
  const [a, b] = murmurOf(input).digest();
  return [a, b];
}

/** A 32-bit hash, for compact per-column fingerprints. */
export function hash32(input: string): number {
  return murmurOf(input).digest()[0];
}

/**
 * `hash128(stableStringify(value))` without building the string: the canonical JSON is fed
 * to the hasher piece by piece.
 */
export function hashValue128(value: unknown): string {
  const hasher: TextSink & Murmur128 = new Murmur128();
  writeStable(value, hasher);
  return hasher.hex();
}
