import { fmix32, rotl } from "./murmur128.js";
import { stableStringify } from "./stable-stringify.js";
import { TAG_FALSE, TAG_JSON, TAG_NUMBER, TAG_STRING, TAG_TRUE } from "./value-tags.js";

// MurmurHash3's word constants: x86_32's for one lane, x86_128's third and fourth for the other.
const A1 = 0xcc9e2d51;
const A2 = 0x1b873593;
const B1 = 0x38b34ae5;
const B2 = 0xa1e38b93;

/** A number's bits, read as two 32-bit words. */
const FLOAT = new Float64Array(1);
const FLOAT_WORDS = new Uint32Array(FLOAT.buffer);

/**
 * A 64-bit hash of one value under a 32-bit seed, for the diff engine's column fingerprints
 * (the seed stands for the column). Two MurmurHash3-style lanes, each with its own constants,
 * run over a type tag and the value's 32-bit words: a string's UTF-16 code units two to a
 * word, read straight from the string; a number's IEEE 754 bits (0 and -0 alike); canonical
 * JSON for anything else. Nothing is copied or allocated, so it can run for every column of
 * every row of every poll. Read `lo` and `hi` after `hash`.
 *
 * It detects change, it is not an id: delta ids use the 128-bit hash.
 * @example
 * const h = new ValueHasher();
 * h.hash(hash32("title"), "hello");
 * const [lo, hi] = [h.lo, h.hi];
 */
export class ValueHasher {
  lo = 0;
  hi = 0;

  hash(seed: number, value: unknown): void {
    switch (typeof value) {
      case "string":
        this.#text(seed, TAG_STRING, value);
        return;
      case "number":
        FLOAT[0] = value === 0 ? 0 : value;
        this.#words(seed, TAG_NUMBER, FLOAT_WORDS[0] as number, FLOAT_WORDS[1] as number);
        return;
      case "boolean":
        this.#words(seed, value ? TAG_TRUE : TAG_FALSE, 0, 0);
        return;
    }
    this.#text(seed, TAG_JSON, stableStringify(value));
  }

  #text(seed: number, tag: number, s: string): void {
    let a = laneA(seed, tag);
    let b = laneB(seed ^ 0x9e3779b9, tag);
    const n = s.length;
    const pairs = n - (n & 1);
    for (let i = 0; i < pairs; i += 2) {
      const k = s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16);
      a = laneA(a, k);
      b = laneB(b, k);
    }
    if (pairs < n) {
      const k = s.charCodeAt(pairs);
      a = laneA(a, k);
      b = laneB(b, k);
    }
    this.#finish(a, b, n);
  }

  #words(seed: number, tag: number, w1: number, w2: number): void {
    let a = laneA(seed, tag);
    let b = laneB(seed ^ 0x9e3779b9, tag);
    a = laneA(laneA(a, w1), w2);
    b = laneB(laneB(b, w1), w2);
    this.#finish(a, b, 4);
  }

  #finish(a: number, b: number, length: number): void {
    let x = fmix32(a ^ length);
    let y = fmix32(b ^ length);
    x = (x + y) | 0;
    y = (y + x) | 0;
    this.lo = x >>> 0;
    this.hi = y >>> 0;
  }
}

function laneA(h: number, k: number): number {
  let x = h ^ Math.imul(rotl(Math.imul(k, A1), 15), A2);
  x = rotl(x, 13);
  return (Math.imul(x, 5) + 0xe6546b64) | 0;
}

function laneB(h: number, k: number): number {
  let x = h ^ Math.imul(rotl(Math.imul(k, B1), 17), B2);
  x = rotl(x, 15);
  return (Math.imul(x, 5) + 0x96cd1c35) | 0;
}
