import { describe, expect, it } from "vitest";
import { decodeRows, isoFromMicros } from "./decode-rows.js";

describe("decodeRows", () => {
  it("decodes REST values by the schema's types", () => {
    const fields = [
      { name: "small", type: "INTEGER" },
      { name: "big", type: "INT64" },
      { name: "f", type: "FLOAT" },
      { name: "n", type: "NUMERIC" },
      { name: "b", type: "BOOLEAN" },
      { name: "t", type: "TIMESTAMP" },
      { name: "j", type: "JSON" },
      { name: "tags", type: "STRING", mode: "REPEATED" },
      { name: "rec", type: "RECORD", fields: [{ name: "x", type: "INT64" }] },
      { name: "none", type: "STRING" },
    ];
    const rows = [
      {
        f: [
          { v: "42" },
          { v: "9007199254740993" },
          { v: "1.5" },
          { v: "12.50" },
          { v: "false" },
          { v: "1704164645678901" },
          { v: '{"a":[1]}' },
          { v: [{ v: "x" }, { v: "y" }] },
          { v: { f: [{ v: "7" }] } },
          { v: null },
        ],
      },
    ];
    expect(decodeRows(fields, rows)).toEqual([
      {
        small: 42,
        big: "9007199254740993",
        f: 1.5,
        n: "12.50",
        b: false,
        t: "2024-01-02T03:04:05.678901Z",
        j: { a: [1] },
        tags: ["x", "y"],
        rec: { x: 7 },
        none: null,
      },
    ]);
  });

  it("repairs lone surrogates in text and JSON values (U+FFFD), which no store could hold", () => {
    const fields = [
      { name: "s", type: "STRING" },
      { name: "j", type: "JSON" },
    ];
    const rows = decodeRows(fields, [{ f: [{ v: "a\ud800b" }, { v: '{"k":"\\udc00"}' }] }]);
    expect(rows).toEqual([{ s: "a\ufffdb", j: { k: "\ufffd" } }]);
  });

  it("writes timestamps with their microseconds, before the epoch too", () => {
    expect(isoFromMicros("0")).toBe("1970-01-01T00:00:00.000000Z");
    expect(isoFromMicros("-1")).toBe("1969-12-31T23:59:59.999999Z");
    expect(isoFromMicros("1.704164645678901E9")).toBe("2024-01-02T03:04:05.678901Z");
  });
});
