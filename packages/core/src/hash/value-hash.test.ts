import { describe, expect, it } from "vitest";
import { ValueHasher } from "./value-hash.js";

const hasher = new ValueHasher();
function hashOf(value: unknown, seed = 7): string {
  hasher.hash(seed, value);
  return `${hasher.lo}:${hasher.hi}`;
}

describe("ValueHasher", () => {
  it("gives the same value the same hash, and other values other hashes", () => {
    expect(hashOf("hello")).toBe(hashOf("hello"));
    const values: unknown[] = [
      "",
      "a",
      "a\u0000",
      "ab",
      "ba",
      "abc",
      "é€😀",
      "x".repeat(1001),
      "x".repeat(1000),
      0,
      1,
      -1,
      0.5,
      2 ** 53 + 2,
      true,
      false,
      null,
      "1",
      "true",
      "null",
      [1],
      { a: 1 },
      { a: "1" },
      10n,
    ];
    const hashes = values.map((value) => hashOf(value));
    expect(new Set(hashes).size).toBe(values.length);
  });

  it("tells types apart: a number, its text and its JSON never hash alike", () => {
    expect(hashOf(1)).not.toBe(hashOf("1"));
    expect(hashOf(true)).not.toBe(hashOf("true"));
    expect(hashOf([1, 2])).not.toBe(hashOf("[1,2]"));
  });

  it("hashes 0 and -0 alike (the same value to a database), and JSON by content", () => {
    expect(hashOf(-0)).toBe(hashOf(0));
    expect(hashOf({ b: 2, a: 1 })).toBe(hashOf({ a: 1, b: 2 }));
    expect(hashOf(new Date("2024-01-02T03:04:05.678Z"))).toBe(
      hashOf(new Date("2024-01-02T03:04:05.678Z")),
    );
  });

  it("depends on the seed (the column)", () => {
    expect(hashOf("hello", 1)).not.toBe(hashOf("hello", 2));
    expect(hashOf(5, 1)).not.toBe(hashOf(5, 2));
  });

  it("spreads its words: one changed character moves both about half their bits", () => {
    let flippedLo = 0;
    let flippedHi = 0;
    const rounds = 2000;
    for (let i = 0; i < rounds; i++) {
      hasher.hash(3, `row ${i} a`);
      const [lo, hi] = [hasher.lo, hasher.hi];
      hasher.hash(3, `row ${i} b`);
      flippedLo += popcount(lo ^ hasher.lo);
      flippedHi += popcount(hi ^ hasher.hi);
    }
    expect(flippedLo / rounds).toBeGreaterThan(15);
    expect(flippedLo / rounds).toBeLessThan(17);
    expect(flippedHi / rounds).toBeGreaterThan(15);
    expect(flippedHi / rounds).toBeLessThan(17);
  });
});

function popcount(x: number): number {
  let n = x >>> 0;
  let count = 0;
  while (n) {
    count += n & 1;
    n >>>= 1;
  }
  return count;
}
