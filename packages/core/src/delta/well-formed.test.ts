import { describe, expect, it } from "vitest";
import { toWellFormed, wellFormed } from "./well-formed.js";

describe("toWellFormed", () => {
  it("replaces lone surrogates with U+FFFD in strings, items, keys and values, at any depth", () => {
    expect(toWellFormed("a\ud800b")).toBe("a\ufffdb");
    expect(toWellFormed("\udc00")).toBe("\ufffd");
    expect(toWellFormed("x\ud83d")).toBe("x\ufffd");
    expect(
      toWellFormed({ title: "ok", body: ["fine", "bad\udfff"], nested: { "k\ud800": 1 } }),
    ).toEqual({ title: "ok", body: ["fine", "bad\ufffd"], nested: { "k\ufffd": 1 } });
  });

  it("keeps valid text, surrogate pairs (emoji) included, and returns the same value", () => {
    const value = { title: "ok 😀", list: ["é", 1, null, true], deep: { a: ["€"] } };
    expect(toWellFormed(value)).toBe(value);
    expect(toWellFormed("😀")).toBe("😀");
    expect(toWellFormed(42)).toBe(42);
    expect(toWellFormed(null)).toBe(null);
  });

  it("copies only what it repairs, leaving the input as it was", () => {
    const input = { a: "x\ud800", b: { c: "fine" } };
    const out = toWellFormed(input);
    expect(input.a).toBe("x\ud800");
    expect(out.b).toBe(input.b);
  });
});

describe("wellFormed", () => {
  it("tells valid UTF-16 from text with a lone surrogate", () => {
    for (const good of ["", "abc", "é€", "😀", "a😀b"]) expect(wellFormed(good)).toBe(true);
    for (const bad of ["\ud800", "\udc00", "a\ud800", "\udc00\ud800", "😀\ud83d"])
      expect(wellFormed(bad)).toBe(false);
  });
});
