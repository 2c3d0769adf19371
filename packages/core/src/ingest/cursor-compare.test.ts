import { describe, expect, it } from "vitest";
import {
  type CursorValue,
  compareCursorPositions,
  compareCursorValues,
  compareRowIds,
} from "./cursor-compare.js";

const sign = (n: number) => Math.sign(n);

describe("compareCursorValues", () => {
  it("compares numbers and bigints numerically", () => {
    expect(sign(compareCursorValues(9, 10))).toBe(-1);
    expect(sign(compareCursorValues(10, 9))).toBe(1);
    expect(compareCursorValues(1.5, 1.5)).toBe(0);
    expect(sign(compareCursorValues(-2, 1))).toBe(-1);
    expect(sign(compareCursorValues(10n, 9))).toBe(1);
    expect(sign(compareCursorValues(9n, 9.5))).toBe(-1);
    expect(compareCursorValues(2n ** 60n, 2n ** 60n)).toBe(0);
    expect(sign(compareCursorValues(2n ** 60n + 1n, 2n ** 60n))).toBe(1);
  });

  it("compares decimal strings as numbers (int8 and numeric come back as text)", () => {
    expect(sign(compareCursorValues("9", "10"))).toBe(-1);
    expect(sign(compareCursorValues("9007199254740993", "9007199254740992"))).toBe(1);
    expect(sign(compareCursorValues("-1.5", "-1.25"))).toBe(-1);
    expect(compareCursorValues("1.50", "1.5")).toBe(0);
    expect(compareCursorValues("007", "7")).toBe(0);
    expect(compareCursorValues("-0", "0")).toBe(0);
    expect(sign(compareCursorValues("10", 9))).toBe(1);
    expect(compareCursorValues("10", 10n)).toBe(0);
    expect(compareCursorValues(0.1, "0.1")).toBe(0);
    expect(sign(compareCursorValues(2n ** 64n, "18446744073709551617"))).toBe(-1);
  });

  it("compares timestamps as instants to the microsecond", () => {
    const a = "2024-01-02 10:00:00.123456+00";
    const b = "2024-01-02 10:00:00.123457+00";
    // Date alone cannot tell them apart...
    expect(new Date("2024-01-02T10:00:00.123456Z").getTime()).toBe(
      new Date("2024-01-02T10:00:00.123457Z").getTime(),
    );
    // ...the comparison can.
    expect(sign(compareCursorValues(a, b))).toBe(-1);
    expect(sign(compareCursorValues(b, a))).toBe(1);
    expect(compareCursorValues(a, a)).toBe(0);
  });

  it("reads the same instant in every common notation as equal", () => {
    const same = [
      "2024-01-02T10:00:00Z",
      "2024-01-02 10:00:00+00",
      "2024-01-02 10:00:00.000000+00",
      "2024-01-02T12:00:00+02:00",
      "2024-01-02T15:30:00+0530",
      "2024-01-02T05:00:00-05",
      "2024-01-02 10:00:00", // no offset: UTC
      "2024-01-02 10:00:00 +00:00",
      "2024-01-02t10:00:00.000z",
      new Date(Date.UTC(2024, 0, 2, 10)),
    ];
    for (const x of same) for (const y of same) expect(compareCursorValues(x, y)).toBe(0);
  });

  it("orders instants across offsets, days and years", () => {
    const ordered: CursorValue[] = [
      "0099-12-31",
      "0100-01-01",
      "1969-12-31T23:59:59.999999Z",
      "1970-01-01",
      "2024-01-02T10:00:00+02:00", // 08:00Z
      "2024-01-02 09:59:59.999999+00",
      new Date(Date.UTC(2024, 0, 2, 10)),
      "2024-01-02T10:00:00.000000001Z",
      "2024-01-02 10:00:00.000001+00",
      "2024-01-02T10:00:00.000001001Z",
      "2024-02-29",
      "2025-01-01 00:00",
    ];
    for (let i = 0; i < ordered.length - 1; i++) {
      const a = ordered[i] as CursorValue;
      const b = ordered[i + 1] as CursorValue;
      expect(sign(compareCursorValues(a, b)), `${String(a)} < ${String(b)}`).toBe(-1);
    }
  });

  it("compares a Date with microsecond text by the Date's milliseconds", () => {
    const date = new Date("2024-01-02T10:00:00.123Z");
    expect(compareCursorValues(date, "2024-01-02 10:00:00.123+00")).toBe(0);
    expect(sign(compareCursorValues(date, "2024-01-02 10:00:00.123001+00"))).toBe(-1);
  });

  it("compares other strings by code unit", () => {
    expect(sign(compareCursorValues("abc", "abd"))).toBe(-1);
    expect(sign(compareCursorValues("b", "abc"))).toBe(1);
    expect(compareCursorValues("x", "x")).toBe(0);
    expect(sign(compareCursorValues("2024-13-01", "2024-02-01"))).toBe(1); // not a date: text
  });

  it("is a total order over mixed kinds (numbers < instants < text)", () => {
    const values: CursorValue[] = [
      3,
      "10",
      -1n,
      "2024-01-01",
      new Date(0),
      "abc",
      "",
      Number.POSITIVE_INFINITY,
      2.5,
      "2024-01-01T00:00:00.5Z",
      "1e3",
    ];
    for (const a of values) {
      for (const b of values) {
        expect(sign(compareCursorValues(a, b))).toBe(-sign(compareCursorValues(b, a)) || 0);
        for (const c of values) {
          if (compareCursorValues(a, b) < 0 && compareCursorValues(b, c) < 0) {
            expect(compareCursorValues(a, c)).toBeLessThan(0);
          }
        }
      }
    }
    const sorted = [...values].sort(compareCursorValues);
    expect(sorted.slice(0, 5)).toEqual([-1n, 2.5, 3, "10", Number.POSITIVE_INFINITY]);
    expect(sorted.at(-1)).toBe("abc");
  });
});

describe("compareRowIds", () => {
  it("compares integer strings as numbers", () => {
    expect(sign(compareRowIds("9", "10"))).toBe(-1);
    expect(sign(compareRowIds("100", "99"))).toBe(1);
    expect(sign(compareRowIds("-5", "3"))).toBe(-1);
    expect(sign(compareRowIds("18446744073709551616", "18446744073709551615"))).toBe(1);
  });

  it("compares other ids as strings", () => {
    expect(sign(compareRowIds("ENG-10", "ENG-9"))).toBe(-1);
    expect(sign(compareRowIds("10", "9a"))).toBe(-1);
    expect(compareRowIds("a", "a")).toBe(0);
  });

  it("keeps numerically equal spellings distinct and ordered", () => {
    expect(compareRowIds("007", "7")).not.toBe(0);
    expect(sign(compareRowIds("007", "7"))).toBe(-sign(compareRowIds("7", "007")));
  });
});

describe("compareCursorPositions", () => {
  it("orders by cursor value, then by row id", () => {
    expect(sign(compareCursorPositions({ value: 5, rowId: "2" }, { value: 5, rowId: "10" }))).toBe(
      -1,
    );
    expect(sign(compareCursorPositions({ value: 6, rowId: "1" }, { value: 5, rowId: "10" }))).toBe(
      1,
    );
    expect(compareCursorPositions({ value: "x", rowId: "a" }, { value: "x", rowId: "a" })).toBe(0);
    const t = "2024-01-02 10:00:00.000001+00";
    expect(
      sign(
        compareCursorPositions(
          { value: t, rowId: "9" },
          { value: "2024-01-02T10:00:00.000001Z", rowId: "10" },
        ),
      ),
    ).toBe(-1);
  });
});
