import { describe, expect, it } from "vitest";
import type { LoggedDelta } from "./database-adapter.js";
import { jsonText } from "./json-text.js";
import { byPosition, decodeLogRow, encodeEntry, logRowValues, uniqueById } from "./logged-entry.js";

const logged = (deltaId: string, position: bigint, value: unknown = "x"): LoggedDelta => ({
  position,
  delta: {
    deltaId,
    op: "UPDATE",
    table: "todos",
    rowId: "r1",
    clientId: "c1",
    hlc: position + 1n,
    columns: [{ column: "title", value }],
  },
});

describe("jsonText", () => {
  it("keeps JSON types and writes bigints as strings, Dates as ISO strings, undefined as null", () => {
    expect(jsonText({ n: 12n, at: new Date(0) })).toBe(
      '{"n":"12","at":"1970-01-01T00:00:00.000Z"}',
    );
    expect(jsonText(undefined)).toBe("null");
    expect(jsonText([1, "a", true, null])).toBe('[1,"a",true,null]');
  });
});

describe("encodeEntry", () => {
  it("gives the columns as stored JSON text and the delta with its stored values", () => {
    const entry = logged("d1", 5n, { big: 2n, at: new Date(0) });
    const { columnsText, stored } = encodeEntry(entry);
    expect(columnsText).toBe(
      '[{"column":"title","value":{"big":"2","at":"1970-01-01T00:00:00.000Z"}}]',
    );
    expect(stored.columns).toEqual([
      { column: "title", value: { big: "2", at: "1970-01-01T00:00:00.000Z" } },
    ]);
    expect(stored.deltaId).toBe("d1");
    const undefinedValue = logged("d2", 1n);
    const withUndefined = {
      ...undefinedValue,
      delta: { ...undefinedValue.delta, columns: [{ column: "title", value: undefined }] },
    };
    expect(encodeEntry(withUndefined).columnsText).toBe('[{"column":"title","value":null}]');
  });
});

describe("uniqueById and byPosition", () => {
  it("keeps the first entry of each deltaId and orders by position", () => {
    const entries = [logged("b", 3n), logged("a", 1n), logged("b", 9n), logged("c", 2n)];
    const unique = uniqueById(entries);
    expect(unique.map((e) => [e.delta.deltaId, e.position])).toEqual([
      ["b", 3n],
      ["a", 1n],
      ["c", 2n],
    ]);
    const sorted = unique.map(encodeEntry).sort(byPosition);
    expect(sorted.map((e) => e.entry.position)).toEqual([1n, 2n, 3n]);
  });
});

describe("logRowValues and decodeLogRow", () => {
  it("round-trip a logged delta through its log row", () => {
    const entry = logged("d1", (1n << 62n) + 1n, 7n);
    const values = logRowValues("gw", encodeEntry(entry));
    expect(values).toEqual([
      "gw",
      "4611686018427387905",
      "d1",
      "UPDATE",
      "todos",
      "r1",
      "c1",
      "4611686018427387906",
      '[{"column":"title","value":"7"}]',
    ]);
    const [, position, delta_id, op, table_name, row_id, client_id, hlc, columns] = values as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const back = decodeLogRow({
      position,
      delta_id,
      op,
      table_name,
      row_id,
      client_id,
      hlc,
      columns,
    });
    expect(back).toEqual({
      position: entry.position,
      delta: { ...entry.delta, columns: [{ column: "title", value: "7" }] },
    });
  });
});
