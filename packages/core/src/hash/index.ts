/**
 * Synchronous 128-bit MurmurHash3 (x86 variant) over a string's UTF-16 code units.
 * Pure JS so it runs the same in every runtime, and fast enough to hash every row
 * (Web Crypto digests are async and several times slower per row).
 */
export function hash128(input: string): string {
  const [a, b, c, d] = murmur128(input);
  return hex8(a) + hex8(b) + hex8(c) + hex8(d);
}

/** The first 64 bits of `hash128`, as two unsigned 32-bit words. */
export function hash64(input: string): readonly [number, number] {
  const [a, b] = murmur128(input);
  return [a, b];
}

/** A 32-bit hash, for compact per-column fingerprints. */
export function hash32(input: string): number {
  return murmur128(input)[0];
}

/**
 * A canonical JSON string: object keys sorted, bigint as a decimal string,
 * Date as ISO text, undefined as null. Equal values give equal strings.
 */
export function stableStringify(value: unknown): string {
  if (value === null || value === undefined) return "null";
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
      return Number.isFinite(value) ? String(value) : "null";
    case "boolean":
      return value ? "true" : "false";
    case "bigint":
      return `"${value.toString()}"`;
    case "object": {
      if (value instanceof Date) return JSON.stringify(value.toISOString());
      if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
      if (value instanceof Uint8Array) return stableStringify(Array.from(value));
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj).sort();
      let out = "{";
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i] as string;
        if (i > 0) out += ",";
        out += `${JSON.stringify(k)}:${stableStringify(obj[k])}`;
      }
      return `${out}}`;
    }
    default:
      return "null";
  }
}

function hex8(n: number): string {
  return (n >>> 0).toString(16).padStart(8, "0");
}

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

const C1 = 0x239b961b;
const C2 = 0xab0e9789;
const C3 = 0x38b34ae5;
const C4 = 0xa1e38b93;

// Code units are packed two per 32-bit word, so a block is 8 code units (16 bytes).
function murmur128(input: string): [number, number, number, number] {
  const len = input.length;
  const blocks = len >>> 3;
  let h1 = 0x9747b28c;
  let h2 = h1;
  let h3 = h1;
  let h4 = h1;
  const word = (i: number) => (input.charCodeAt(i) | (input.charCodeAt(i + 1) << 16)) >>> 0;

  for (let b = 0; b < blocks; b++) {
    const i = b << 3;
    let k1 = word(i);
    let k2 = word(i + 2);
    let k3 = word(i + 4);
    let k4 = word(i + 6);

    k1 = Math.imul(rotl(Math.imul(k1, C1), 15), C2);
    h1 ^= k1;
    h1 = rotl(h1, 19) + h2;
    h1 = (Math.imul(h1, 5) + 0x561ccd1b) | 0;

    k2 = Math.imul(rotl(Math.imul(k2, C2), 16), C3);
    h2 ^= k2;
    h2 = rotl(h2, 17) + h3;
    h2 = (Math.imul(h2, 5) + 0x0bcaa747) | 0;

    k3 = Math.imul(rotl(Math.imul(k3, C3), 17), C4);
    h3 ^= k3;
    h3 = rotl(h3, 15) + h4;
    h3 = (Math.imul(h3, 5) + 0x96cd1c35) | 0;

    k4 = Math.imul(rotl(Math.imul(k4, C4), 18), C1);
    h4 ^= k4;
    h4 = rotl(h4, 13) + h1;
    h4 = (Math.imul(h4, 5) + 0x32ac3b17) | 0;
  }

  // Tail: up to 7 code units, folded into four words like the byte tail of the original.
  const tail = blocks << 3;
  const rest = len - tail;
  const unit = (j: number) => (j < rest ? input.charCodeAt(tail + j) : 0);
  if (rest > 0) {
    let k1 = (unit(0) | (unit(1) << 16)) >>> 0;
    let k2 = (unit(2) | (unit(3) << 16)) >>> 0;
    let k3 = (unit(4) | (unit(5) << 16)) >>> 0;
    let k4 = unit(6) >>> 0;
    if (k4 !== 0 || rest > 6) {
      k4 = Math.imul(rotl(Math.imul(k4, C4), 18), C1);
      h4 ^= k4;
    }
    if (rest > 4) {
      k3 = Math.imul(rotl(Math.imul(k3, C3), 17), C4);
      h3 ^= k3;
    }
    if (rest > 2) {
      k2 = Math.imul(rotl(Math.imul(k2, C2), 16), C3);
      h2 ^= k2;
    }
    k1 = Math.imul(rotl(Math.imul(k1, C1), 15), C2);
    h1 ^= k1;
  }

  const byteLen = len * 2;
  h1 ^= byteLen;
  h2 ^= byteLen;
  h3 ^= byteLen;
  h4 ^= byteLen;

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
