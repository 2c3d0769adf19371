import { describe, expect, it } from "vitest";
import { typedParam } from "./typed-value.js";

describe("typedParam", () => {
  it("turns values into their column type's text, or null", () => {
    expect(typedParam("a", "string")).toBe("a");
    expect(typedParam(12, "string")).toBe("12");
    expect(typedParam(12n, "string")).toBe("12");
    expect(typedParam({ a: [1] }, "string")).toBe('{"a":[1]}');
    expect(typedParam(null, "string")).toBeNull();
    expect(typedParam(undefined, "json")).toBeNull();

    expect(typedParam(2.5, "number")).toBe("2.5");
    expect(typedParam(Number.NaN, "number")).toBe("NaN");
    expect(typedParam(" 7 ", "number")).toBe("7");
    expect(typedParam("1e3", "number")).toBe("1000");
    expect(typedParam(9007199254740993n, "number")).toBe("9007199254740993");
    expect(typedParam("seven", "number")).toBeNull();
    expect(typedParam("", "number")).toBeNull();
    expect(typedParam(true, "number")).toBeNull();

    expect(typedParam(false, "boolean")).toBe("false");
    expect(typedParam("T", "boolean")).toBe("true");
    expect(typedParam(0, "boolean")).toBe("false");
    expect(typedParam("yes please", "boolean")).toBeNull();
    expect(typedParam(2, "boolean")).toBeNull();

    expect(typedParam("text", "json")).toBe('"text"');
    expect(typedParam({ big: 1n }, "json")).toBe('{"big":"1"}');
  });

  it("keeps timestamp strings as written (microseconds too) and refuses impossible dates", () => {
    expect(typedParam("2024-05-01T10:20:30.123456Z", "timestamp")).toBe(
      "2024-05-01T10:20:30.123456Z",
    );
    expect(typedParam("2024-05-01 10:20:30+02:00", "timestamp")).toBe("2024-05-01 10:20:30+02:00");
    expect(typedParam("2024-02-29", "timestamp")).toBe("2024-02-29");
    expect(typedParam(0, "timestamp")).toBe("1970-01-01T00:00:00.000Z");
    expect(typedParam(new Date(Date.UTC(2020, 0, 2)), "timestamp")).toBe(
      "2020-01-02T00:00:00.000Z",
    );
    for (const bad of [
      "2023-02-29",
      "2024-13-01",
      "2024-01-01T25:00:00Z",
      "yesterday",
      "0000-01-01",
      true,
      {},
    ]) {
      expect(typedParam(bad, "timestamp"), String(bad)).toBeNull();
    }
    expect(typedParam(Number.NaN, "timestamp")).toBeNull();
  });
});
