import { describe, expect, it } from "vitest";
import { hash32, hash64, hash128, stableStringify } from "./index.js";

describe("hash128", () => {
  it("is deterministic and 32 hex characters", () => {
    expect(hash128("hello")).toBe(hash128("hello"));
    expect(hash128("hello")).toMatch(/^[0-9a-f]{32}$/);
  });

  it("differs for inputs that differ in one character at any position or length", () => {
    const seen = new Set<string>();
    const base = "abcdefghijklmnopqrstu";
    for (let len = 0; len <= base.length; len++) seen.add(hash128(base.slice(0, len)));
    for (let i = 0; i < base.length; i++) {
      seen.add(hash128(`${base.slice(0, i)}#${base.slice(i + 1)}`));
    }
    expect(seen.size).toBe(base.length + 1 + base.length);
  });

  it("has no collisions over 200,000 sequential keys", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200_000; i++) seen.add(hash128(`row-${i}`));
    expect(seen.size).toBe(200_000);
  });

  it("hashes non-ASCII text by code unit", () => {
    expect(hash128("é")).not.toBe(hash128("e"));
    expect(hash128("😀")).not.toBe(hash128("😁"));
  });

  it("gives hash64 and hash32 as prefixes of the same digest", () => {
    const full = hash128("x");
    const [a, b] = hash64("x");
    expect(a.toString(16).padStart(8, "0") + b.toString(16).padStart(8, "0")).toBe(
      full.slice(0, 16),
    );
    expect(hash32("x")).toBe(a);
  });
});

describe("stableStringify", () => {
  it("sorts object keys at every depth", () => {
    expect(stableStringify({ b: 1, a: { d: 2, c: [3, { f: 1, e: 2 }] } })).toBe(
      '{"a":{"c":[3,{"e":2,"f":1}],"d":2},"b":1}',
    );
  });

  it("writes bigint, Date, undefined and non-finite numbers deterministically", () => {
    expect(stableStringify(10n)).toBe('"10"');
    expect(stableStringify(new Date("2024-01-02T03:04:05.000Z"))).toBe(
      '"2024-01-02T03:04:05.000Z"',
    );
    expect(stableStringify(undefined)).toBe("null");
    expect(stableStringify(Number.NaN)).toBe("null");
    expect(stableStringify({ a: undefined })).toBe('{"a":null}');
  });

  it("keeps strings and numbers apart", () => {
    expect(stableStringify("1")).not.toBe(stableStringify(1));
  });
});

describe("Murmur128 streaming", () => {
  it("gives the same digest for any split of the input", async () => {
    const { Murmur128, hashValue128 } = await import("./index.js");
    const text = "the quick brown fox jumps over the lazy dog — 😀 é";
    const whole = hash128(text);
    for (let cut1 = 0; cut1 <= text.length; cut1 += 3) {
      for (let cut2 = cut1; cut2 <= text.length; cut2 += 5) {
        const h = new Murmur128()
          .update(text.slice(0, cut1))
          .update(text.slice(cut1, cut2))
          .update(text.slice(cut2));
        expect(h.hex()).toBe(whole);
      }
    }
    const value = { z: [1, "two", { y: null }], a: new Date(5), n: 3n };
    expect(hashValue128(value)).toBe(hash128(stableStringify(value)));
  });

  it("continues from a copied prefix as from the prefix fed again", async () => {
    const { Murmur128 } = await import("./index.js");
    for (const prefix of ["", "abc", "a".repeat(8), "b".repeat(13), "c".repeat(700)]) {
      const shared = new Murmur128().text(prefix).word(7);
      const whole = new Murmur128().text(prefix).word(7).update("tail").hex();
      expect(new Murmur128().update("junk").copyFrom(shared).update("tail").hex()).toBe(whole);
      expect(new Murmur128().copyFrom(shared.compact()).update("tail").hex()).toBe(whole);
      // The copy is its own: going on with it leaves the prefix as it was.
      expect(new Murmur128().copyFrom(shared).update("tail").hex()).toBe(whole);
    }
  });

  it("matches fixed reference digests, so ids never change between releases", () => {
    expect([hash128(""), hash128("a"), hash128("lakesync")]).toEqual(REFERENCE);
  });
});

const REFERENCE = [
  "f7bed5a15b576a1c5b576a1c5b576a1c",
  "2511c556a5d9f9a3a5d9f9a3a5d9f9a3",
  "e9173b37efe4cf6558fcf138b93db6a3",
];
