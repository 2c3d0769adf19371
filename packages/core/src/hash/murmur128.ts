/**
 * MurmurHash3 x86 128-bit over UTF-16 code units (two per 32-bit word, so a block is eight
 * code units). Incremental: feeding pieces gives the same digest as feeding their
 * concatenation, so callers can hash a value without building its whole string first.
 */
export class Murmur128 {
  #h1 = SEED;
  #h2 = SEED;
  #h3 = SEED;
  #h4 = SEED;
  #length = 0;
  readonly #pending = new Uint16Array(8);
  #pendingCount = 0;

  /** Starts over, as a new hasher (so a hot path can reuse one instead of allocating). */
  reset(): this {
    this.#h1 = SEED;
    this.#h2 = SEED;
    this.#h3 = SEED;
    this.#h4 = SEED;
    this.#length = 0;
    this.#pendingCount = 0;
    return this;
  }

  update(input: string): this {
    const n = input.length;
    let i = 0;
    if (this.#pendingCount > 0) {
      while (this.#pendingCount < 8 && i < n)
        this.#pending[this.#pendingCount++] = input.charCodeAt(i++);
      if (this.#pendingCount < 8) {
        this.#length += n;
        return this;
      }
      const p = this.#pending;
      this.#block(
        (p[0] as number) | ((p[1] as number) << 16),
        (p[2] as number) | ((p[3] as number) << 16),
        (p[4] as number) | ((p[5] as number) << 16),
        (p[6] as number) | ((p[7] as number) << 16),
      );
      this.#pendingCount = 0;
    }
    for (; i + 8 <= n; i += 8) {
      this.#block(
        input.charCodeAt(i) | (input.charCodeAt(i + 1) << 16),
        input.charCodeAt(i + 2) | (input.charCodeAt(i + 3) << 16),
        input.charCodeAt(i + 4) | (input.charCodeAt(i + 5) << 16),
        input.charCodeAt(i + 6) | (input.charCodeAt(i + 7) << 16),
      );
    }
    while (i < n) this.#pending[this.#pendingCount++] = input.charCodeAt(i++);
    this.#length += n;
    return this;
  }

  /** The four 32-bit words of the digest. Use the hasher again only after `reset()`. */
  digest(): [number, number, number, number] {
    let h1 = this.#h1;
    let h2 = this.#h2;
    let h3 = this.#h3;
    let h4 = this.#h4;
    const rest = this.#pendingCount;
    if (rest > 0) {
      const unit = (j: number) => (j < rest ? (this.#pending[j] as number) : 0);
      if (rest > 6) h4 ^= Math.imul(rotl(Math.imul(unit(6), C4), 18), C1);
      if (rest > 4) h3 ^= Math.imul(rotl(Math.imul(unit(4) | (unit(5) << 16), C3), 17), C4);
      if (rest > 2) h2 ^= Math.imul(rotl(Math.imul(unit(2) | (unit(3) << 16), C2), 16), C3);
      h1 ^= Math.imul(rotl(Math.imul(unit(0) | (unit(1) << 16), C1), 15), C2);
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
    h1 = fmix(h1);
    h2 = fmix(h2);
    h3 = fmix(h3);
    h4 = fmix(h4);
    h1 = (h1 + h2 + h3 + h4) | 0;
    h2 = (h2 + h1) | 0;
    h3 = (h3 + h1) | 0;
    h4 = (h4 + h1) | 0;
    return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
  }

  /** The digest as 32 lowercase hex characters, in one flat string. */
  hex(): string {
    const words = this.digest();
    const codes = HEX_CODES;
    for (let w = 0; w < 4; w++) {
      const word = words[w] as number;
      for (let k = 0; k < 8; k++) {
        const nibble = (word >>> (28 - 4 * k)) & 0xf;
        codes[w * 8 + k] = nibble < 10 ? 48 + nibble : 87 + nibble;
      }
    }
    // One call builds a flat string: no rope of four pieces to keep alive per id.
    return String.fromCharCode.apply(null, codes as unknown as number[]);
  }

  #block(w1: number, w2: number, w3: number, w4: number): void {
    let h1 = this.#h1;
    let h2 = this.#h2;
    let h3 = this.#h3;
    let h4 = this.#h4;
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
    this.#h1 = h1;
    this.#h2 = h2;
    this.#h3 = h3;
    this.#h4 = h4;
  }
}

const SEED = 0x9747b28c;
const C1 = 0x239b961b;
const C2 = 0xab0e9789;
const C3 = 0x38b34ae5;
const C4 = 0xa1e38b93;
const HEX_CODES = new Uint16Array(32);

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

function fmix(h: number): number {
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
