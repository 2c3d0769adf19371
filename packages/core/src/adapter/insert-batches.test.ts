import { describe, expect, it } from "vitest";
import { insertBatches } from "./insert-batches.js";

describe("insertBatches", () => {
  it("splits rows under the parameter and row limits", () => {
    const rows = Array.from({ length: 7 }, (_, i) => [i, i]);
    expect(insertBatches(rows, 2, 6, 1000).map((b) => b.length)).toEqual([3, 3, 1]);
    expect(insertBatches(rows, 2, 1000, 4).map((b) => b.length)).toEqual([4, 3]);
    expect(insertBatches(rows, 2, 6, 1000).flat()).toEqual(rows);
    expect(insertBatches([], 2, 6, 1000)).toEqual([]);
  });

  it("rejects rows of the wrong width and rows wider than the limit", () => {
    expect(() => insertBatches([[1, 2], [3]], 2, 10, 10)).toThrow(/Row has 1 values, expected 2/);
    expect(() => insertBatches([[1, 2, 3]], 3, 2, 10)).toThrow(RangeError);
    expect(() => insertBatches([[]], 0, 2, 10)).toThrow(RangeError);
  });
});
