import { describe, expect, it } from "vitest";
import { replaceEqualDeep } from "./replace-equal-deep.js";

describe("replaceEqualDeep", () => {
  it("returns the previous value when the next one is deeply equal", () => {
    const previous = [{ name: "a", counters: { polls: 1 } }, { name: "b" }];
    const next = JSON.parse(JSON.stringify(previous)) as typeof previous;
    expect(replaceEqualDeep(previous, next)).toBe(previous);
  });

  it("keeps unchanged parts and replaces changed ones", () => {
    const previous = [{ name: "a", counters: { polls: 1 } }, { name: "b" }];
    const next = [{ name: "a", counters: { polls: 2 } }, { name: "b" }];
    const out = replaceEqualDeep(previous, next);
    expect(out).toEqual(next);
    expect(out).not.toBe(previous);
    expect(out[1]).toBe(previous[1]);
    expect(out[0]).not.toBe(previous[0]);
  });

  it("sees added, removed and renamed keys and elements", () => {
    expect(replaceEqualDeep([1, 2], [1, 2, 3])).toEqual([1, 2, 3]);
    expect(replaceEqualDeep([1, 2, 3], [1, 2])).toEqual([1, 2]);
    const renamed = replaceEqualDeep({ a: undefined }, { b: undefined });
    expect(Object.keys(renamed)).toEqual(["b"]);
    expect(replaceEqualDeep({ a: 1 }, null)).toBeNull();
  });
});
