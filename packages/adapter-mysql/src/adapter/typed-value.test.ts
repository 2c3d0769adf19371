import { describe, expect, it } from "vitest";
import { mysqlTimestamp, typedParam } from "./typed-value.js";

describe("typedParam", () => {
  it("converts values to their column's type, or null", () => {
    expect(typedParam("a", "string")).toBe("a");
    expect(typedParam(12n, "string")).toBe("12");
    expect(typedParam({ a: 1 }, "string")).toBe('{"a":1}');
    expect(typedParam("7", "number")).toBe("7");
    expect(typedParam(Number.NaN, "number")).toBeNull();
    expect(typedParam(Number.POSITIVE_INFINITY, "number")).toBeNull();
    expect(typedParam("many", "number")).toBeNull();
    expect(typedParam(" 1e3 ", "number")).toBe("1000");
    expect(typedParam("1e400", "number")).toBeNull();
    expect(typedParam(12n, "number")).toBe("12");
    expect(typedParam(10n ** 400n, "number")).toBeNull();
    expect(typedParam(true, "number")).toBeNull();
    expect(typedParam("true", "boolean")).toBe(1);
    expect(typedParam(0, "boolean")).toBe(0);
    expect(typedParam(false, "boolean")).toBe(0);
    expect(typedParam(" T ", "boolean")).toBe(1);
    expect(typedParam(2, "boolean")).toBeNull();
    expect(typedParam("2024-05-01T12:00:00+02:00", "timestamp")).toBe("2024-05-01 10:00:00.000000");
    expect(typedParam(null, "timestamp")).toBeNull();
    expect(typedParam("maybe", "boolean")).toBeNull();
    expect(typedParam([1, { b: 2n }], "json")).toBe('[1,{"b":"2"}]');
    expect(typedParam(undefined, "json")).toBeNull();
  });
});

describe("mysqlTimestamp", () => {
  it("gives UTC DATETIME(6) text with the microseconds kept", () => {
    expect(mysqlTimestamp("2024-05-01T10:20:30.123456Z")).toBe("2024-05-01 10:20:30.123456");
    expect(mysqlTimestamp("2024-05-01T12:20:30.123456789+02:00")).toBe(
      "2024-05-01 10:20:30.123456",
    );
    expect(mysqlTimestamp("2024-05-01 00:10:00-0130")).toBe("2024-05-01 01:40:00.000000");
    expect(mysqlTimestamp("2024-05-01")).toBe("2024-05-01 00:00:00.000000");
    expect(mysqlTimestamp(0)).toBe("1970-01-01 00:00:00.000000");
    expect(mysqlTimestamp(new Date("2024-02-29T23:59:59.999Z"))).toBe("2024-02-29 23:59:59.999000");
    expect(mysqlTimestamp("2024-12-31T23:30:00.5-01:00")).toBe("2025-01-01 00:30:00.500000");
  });

  it("refuses what is not a DATETIME", () => {
    for (const value of ["2024-02-30", "2024-13-01", "0999-12-31", "yesterday", "", true, null]) {
      expect(mysqlTimestamp(value), String(value)).toBeNull();
    }
    expect(mysqlTimestamp(new Date(Number.NaN))).toBeNull();
    expect(mysqlTimestamp(Date.UTC(10_000, 0, 1))).toBeNull();
  });
});
