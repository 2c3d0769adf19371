/**
 * MurmurHash3 x86 128-bit over UTF-16 code units (two per 32-bit word, so a block is eight
 * code units). Incremental: feeding pieces gives the same digest as feeding their
 * concatenation, so callers can hash a value without building its whole string first.
 * Besides strings (`update`), it takes code units, words and numbers' bits directly, so a
 * structured value can be hashed without turning its parts into text.
 */
export class Murmur128 {
  #h1 = SEED;
  #h2 = SEED;
  #h3 = SEED;
  #h4 = SEED;
  #length = 0;
  // Code units wait here and are hashed a buffer at a time: callers feed many short pieces
  // (a delta id is some thirty), and copying them is cheaper than a block per piece.
  readonly #buffer = new Uint16Array(BUFFER_UNITS);
  #fill = 0;

  /** Starts over, as a new hasher (so a hot path can reuse one instead of allocating). */
  reset(): this {
    this.#h1 = SEED;
    this.#h2 = SEED;
    this.#h3 = SEED;
    this.#h4 = SEED;
    this.#length = 0;
    this.#fill = 0;
    return this;
  }

  /**
   * Becomes a copy of `other`, as if fed the same input: a hot path feeds a prefix many
   * inputs share once, then copies it into the hasher of each input. Cheapest when `other`
   * was `compact()`ed.
   */
  copyFrom(other: Murmur128): this {
    this.#h1 = other.#h1;
    this.#h2 = other.#h2;
    this.#h3 = other.#h3;
    this.#h4 = other.#h4;
    this.#length = other.#length;
    const fill = other.#fill;
    const from = other.#buffer;
    const to = this.#buffer;
    for (let i = 0; i < fill; i++) to[i] = from[i] as number;
    this.#fill = fill;
    return this;
  }

  /** Hashes the whole blocks held, leaving at most 7 code units buffered; the digest is unchanged. */
  compact(): this {
    this.#drain();
    return this;
  }

  update(input: string): this {
    const n = input.length;
    const buffer = this.#buffer;
    let fill = this.#fill;
    let i = 0;
    while (i < n) {
      if (fill === BUFFER_UNITS) {
        this.#fill = fill;
        this.#drain();
        fill = this.#fill;
      }
      const end = Math.min(n, i + BUFFER_UNITS - fill);
      while (i < end) buffer[fill++] = input.charCodeAt(i++);
    }
    this.#fill = fill;
    this.#length += n;
    return this;
  }

  /** Feeds one code unit (0 to 0xffff): a tag, say. */
  unit(code: number): this {
    if (this.#fill === BUFFER_UNITS) this.#drain();
    this.#buffer[this.#fill++] = code;
    this.#length += 1;
    return this;
  }

  /** Feeds a 32-bit word as two code units, low half first. */
  word(value: number): this {
    if (this.#fill > BUFFER_UNITS - 2) this.#drain();
    const buffer = this.#buffer;
    buffer[this.#fill++] = value & 0xffff;
    buffer[this.#fill++] = value >>> 16;
    this.#length += 2;
    return this;
  }

  /** Feeds a number's IEEE 754 bits, as two words. */
  float(value: number): this {
    FLOAT[0] = value;
    return this.word(FLOAT_WORDS[0] as number).word(FLOAT_WORDS[1] as number);
  }

  /** Feeds a string's length, then the string: pieces fed this way never run together. */
  text(value: string): this {
    return this.word(value.length).update(value);
  }

  /** The four 32-bit words of the digest. Use the hasher again only after `reset()`. */
  digest(): [number, number, number, number] {
    this.#finish();
    return [this.#h1 >>> 0, this.#h2 >>> 0, this.#h3 >>> 0, this.#h4 >>> 0];
  }

  /** The digest as 32 lowercase hex characters, in one flat string. */
  hex(): string {
    this.#finish();
    writeHex(this.#h1, 0);
    writeHex(this.#h2, 8);
    writeHex(this.#h3, 16);
    writeHex(this.#h4, 24);
    // Decoded from bytes: a flat one-byte-per-character string, made faster than by
    // String.fromCharCode (which builds two bytes a character).
    return ASCII.decode(HEX_TEXT);
  }

  /** Hashes the tail and finalises: h1 to h4 then hold the digest's words. */
  #finish(): void {
    const fill = this.#fill;
    const whole = fill - (fill % 8);
    this.#blocks(whole);
    let h1 = this.#h1;
    let h2 = this.#h2;
    let h3 = this.#h3;
    let h4 = this.#h4;
    const rest = fill - whole;
    if (rest > 0) {
      // The tail block, zero-padded (the digest ends the hasher's use until reset()).
      const b = this.#buffer;
      b.fill(0, fill, whole + 8);
      const k1 = (b[whole] as number) | ((b[whole + 1] as number) << 16);
      const k2 = (b[whole + 2] as number) | ((b[whole + 3] as number) << 16);
      const k3 = (b[whole + 4] as number) | ((b[whole + 5] as number) << 16);
      const k4 = b[whole + 6] as number;
      if (rest > 6) h4 ^= Math.imul(rotl(Math.imul(k4, C4), 18), C1);
      if (rest > 4) h3 ^= Math.imul(rotl(Math.imul(k3, C3), 17), C4);
      if (rest > 2) h2 ^= Math.imul(rotl(Math.imul(k2, C2), 16), C3);
      h1 ^= Math.imul(rotl(Math.imul(k1, C1), 15), C2);
    }
    const byteLength = this.#length * 2;
    h1 ^= byteLength;
    h2 ^= byteLength;
    h3 ^= byteLength;
    h4 ^= byteLength;
    h1 = (h1 + h2 + h3 + h4) | 0;
    h2 = (h2 + h1) | 0;
    h3 = (h3 + h1) | 0;
    h4 = (h4 + h1) | 0;
    h1 = fmix32(h1);
    h2 = fmix32(h2);
    h3 = fmix32(h3);
    h4 = fmix32(h4);
    h1 = (h1 + h2 + h3 + h4) | 0;
    h2 = (h2 + h1) | 0;
    h3 = (h3 + h1) | 0;
    h4 = (h4 + h1) | 0;
    this.#h1 = h1;
    this.#h2 = h2;
    this.#h3 = h3;
    this.#h4 = h4;
  }

  /** Hashes the buffer's whole blocks and moves the rest (under 8 units) to its front. */
  #drain(): void {
    const fill = this.#fill;
    const whole = fill - (fill % 8);
    this.#blocks(whole);
    this.#buffer.copyWithin(0, whole, fill);
    this.#fill = fill - whole;
  }

  /** Hashes the buffer's first `end` code units (a multiple of 8), eight per block. */
  #blocks(end: number): void {
    const b = this.#buffer;
    let h1 = this.#h1;
    let h2 = this.#h2;
    let h3 = this.#h3;
    let h4 = this.#h4;
    for (let i = 0; i < end; i += 8) {
      const w1 = (b[i] as number) | ((b[i + 1] as number) << 16);
      const w2 = (b[i + 2] as number) | ((b[i + 3] as number) << 16);
      const w3 = (b[i + 4] as number) | ((b[i + 5] as number) << 16);
      const w4 = (b[i + 6] as number) | ((b[i + 7] as number) << 16);
      h1 ^= Math.imul(rotl(Math.imul(w1, C1), 15), C2);
      h1 = rotl(h1, 19) + h2;
      h1 = (Math.imul(h1, 5) + 0x561ccd1b) | 0;
      h2 ^= Math.imul(rotl(Math.imul(w2, C2), 16), C3);
      h2 = rotl(h2, 17) + h3;
      h2 = (Math.imul(h2, 5) + 0x0bcaa747) | 0;
      h3 ^= Math.imul(rotl(Math.imul(w3, C3), 17), C4);
      h3 = rotl(h3, 15) + h4;
      h3 = (Math.imul(h3, 5) + 0x96cd1c35) | 0;
      h4 ^= Math.imul(rotl(Math.imul(w4, C4), 18), C1);
      h4 = rotl(h4, 13) + h1;
      h4 = (Math.imul(h4, 5) + 0x32ac3b17) | 0;
    }
    this.#h1 = h1;
    this.#h2 = h2;
    this.#h3 = h3;
    this.#h4 = h4;
  }
}

/** Code units buffered before hashing: a multiple of the 8-unit block. */
const BUFFER_UNITS = 512;
/** A number's bits, read as two 32-bit words. */
const FLOAT = new Float64Array(1);
const FLOAT_WORDS = new Uint32Array(FLOAT.buffer);
const SEED = 0x9747b28c;
const C1 = 0x239b961b;
const C2 = 0xab0e9789;
const C3 = 0x38b34ae5;
const C4 = 0xa1e38b93;
/** The character code of each nibble's hex digit. */
const HEX_DIGITS = new Uint8Array([
  48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102,
]);

/** The digest's hex digits, as ASCII bytes, before `hex()` decodes them. */
const HEX_TEXT = new Uint8Array(32);
const ASCII = new TextDecoder();

/** Writes `word`'s eight hex digits into HEX_TEXT at `at`, most significant first. */
function writeHex(word: number, at: number): void {
  for (let i = 0; i < 8; i++) {
    HEX_TEXT[at + i] = HEX_DIGITS[(word >>> (28 - 4 * i)) & 0xf] as number;
  }
}

/** `x` rotated left by `r` bits, as a 32-bit word. */
export function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

/** MurmurHash3's 32-bit finaliser: every input bit moves every output bit. */
export function fmix32(h: number): number {
  let x = h;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

const SHARED = new Murmur128();

/**
 * The hasher for one whole string (or up to three pieces of one), shared: `murmurOf(s).hex()`
 * is `new Murmur128().update(s).hex()` without allocating a hasher per call. Read its digest
 * before the next call.
 */
export function murmurOf(input: string, more?: string, last?: string): Murmur128 {
  SHARED.reset().update(input);
  if (more !== undefined) SHARED.update(more);
  if (last !== undefined) SHARED.update(last);
  return SHARED;
}
