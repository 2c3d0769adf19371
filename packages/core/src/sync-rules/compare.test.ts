import { describe, expect, it } from "vitest";
import { compareValues, looseEquals, parseTimestamp } from "./compare.js";

describe("compareValues", () => {
  it("orders numbers numerically, bigints included", () => {
    expect(compareValues(9, 10)).toBe(-1);
    expect(compareValues(10, 9)).toBe(1);
    expect(compareValues(2.5, 2.5)).toBe(0);
    expect(compareValues(10n, 9)).toBe(1);
  });

  it("orders a numeric string beside a number numerically, not lexicographically", () => {
    expect(compareValues("10", 9)).toBe(1);
    expect(compareValues(9, "10")).toBe(-1);
    expect(compareValues("1e3", 999)).toBe(1);
    expect(compareValues("-2.5", -3)).toBe(1);
  });

  it("does not read blanks, hex or words as numbers", () => {
    expect(compareValues("", 0)).toBeUndefined();
    expect(compareValues(" ", 0)).toBeUndefined();
    expect(compareValues("0x10", 16)).toBeUndefined();
    expect(compareValues("Infinity", 1)).toBeUndefined();
    expect(compareValues("abc", 1)).toBeUndefined();
  });

  it("orders two strings by code units, so numeric strings alone compare as text", () => {
    expect(compareValues("10", "9")).toBe(-1);
    expect(compareValues("b", "a")).toBe(1);
    expect(compareValues("B", "a")).toBe(-1);
    expect(compareValues("same", "same")).toBe(0);
  });

  it("orders ISO-8601 timestamps as instants across offsets and precisions", () => {
    expect(compareValues("2024-01-01T00:30:00+01:00", "2023-12-31T23:45:00Z")).toBe(-1);
    expect(compareValues("2024-01-15T10:30:00.000+0000", "2024-01-15T10:30:00Z")).toBe(0);
    expect(compareValues("2024-01-15 10:30:00+00", "2024-01-15T10:29:59.999Z")).toBe(1);
    expect(compareValues("2024-01-15T10:30:00.000001Z", "2024-01-15T10:30:00Z")).toBe(1);
    expect(compareValues("2024-01-15", "2024-01-14T23:59:59Z")).toBe(1);
  });

  it("orders Dates against Dates and ISO strings", () => {
    const d = new Date("2024-06-01T12:00:00Z");
    expect(compareValues(d, "2024-06-01T11:00:00Z")).toBe(1);
    expect(compareValues("2024-06-01T12:00:00Z", d)).toBe(0);
    expect(compareValues(d, new Date("2025-01-01T00:00:00Z"))).toBe(-1);
    expect(compareValues(new Date(Number.NaN), d)).toBeUndefined();
  });

  it("falls back to text when only one side is a timestamp", () => {
    expect(compareValues("2024-01-15T10:30:00Z", "n/a")).toBe(-1);
  });

  it("has no order for null, booleans, objects or mixed kinds", () => {
    expect(compareValues(null, 1)).toBeUndefined();
    expect(compareValues(undefined, "a")).toBeUndefined();
    expect(compareValues(true, false)).toBeUndefined();
    expect(compareValues({ a: 1 }, { a: 1 })).toBeUndefined();
    expect(compareValues(new Date("2024-01-01T00:00:00Z"), 1704067200000)).toBeUndefined();
    expect(compareValues(Number.NaN, 1)).toBeUndefined();
  });
});

describe("looseEquals", () => {
  it("equates a number with a numeric string, but not two different numeric strings", () => {
    expect(looseEquals(5, "5")).toBe(true);
    expect(looseEquals("5.0", 5)).toBe(true);
    expect(looseEquals("05", "5")).toBe(false);
    expect(looseEquals(5, "five")).toBe(false);
  });

  it("equates null with undefined and with nothing else", () => {
    expect(looseEquals(null, undefined)).toBe(true);
    expect(looseEquals(null, null)).toBe(true);
    expect(looseEquals(null, 0)).toBe(false);
    expect(looseEquals("", null)).toBe(false);
  });

  it("keeps booleans strict and compares JSON deeply", () => {
    expect(looseEquals(true, true)).toBe(true);
    expect(looseEquals(true, 1)).toBe(false);
    expect(looseEquals(true, "true")).toBe(false);
    expect(looseEquals({ a: [1] }, { a: [1] })).toBe(true);
    expect(looseEquals({ a: [1] }, { a: [2] })).toBe(false);
  });

  it("equates the same instant written two ways", () => {
    expect(looseEquals("2024-01-01T01:00:00+01:00", "2024-01-01T00:00:00Z")).toBe(true);
  });
});

describe("parseTimestamp", () => {
  it("reads dates, date-times, offsets and fractions; no offset means UTC", () => {
    expect(parseTimestamp("2024-01-15")).toBe(Date.UTC(2024, 0, 15));
    expect(parseTimestamp("2024-01-15T10:30")).toBe(Date.UTC(2024, 0, 15, 10, 30));
    expect(parseTimestamp("2024-01-15T10:30:05.25-02:30")).toBe(
      Date.UTC(2024, 0, 15, 13, 0, 5, 250),
    );
    // Date.UTC would read year 99 as 1999.
    expect(parseTimestamp("0099-01-01")).toBe(new Date("0099-01-01T00:00:00Z").getTime());
  });

  it("rejects impossible dates and non-ISO text", () => {
    for (const bad of ["2024-02-30", "2024-13-01", "2024-01-15T24:00:00Z", "2024-01-15T10:60"]) {
      expect(parseTimestamp(bad), bad).toBeUndefined();
    }
    for (const bad of ["15/01/2024", "2024", "Jan 15 2024", "2024-01-15T10:30:00+25:00"]) {
      expect(parseTimestamp(bad), bad).toBeUndefined();
    }
  });
});
