import { describe, expect, it } from "vitest";
import { encodeHlc } from "../hlc/index.js";
import {
  computeDeltaId,
  extractChange,
  extractDelta,
  makeDelta,
  namedAs,
  rowColumns,
  valuesEqual,
} from "./index.js";

const hlc = encodeHlc(1_700_000_000_000, 0);
const target = { table: "todos", rowId: "1", clientId: "app-1", hlc };

describe("extractDelta", () => {
  it("makes an INSERT of every column from nothing", () => {
    const d = extractDelta(null, { title: "a", done: false }, target);
    expect(d?.op).toBe("INSERT");
    expect(d?.columns).toEqual([
      { column: "title", value: "a" },
      { column: "done", value: false },
    ]);
    expect(d).toMatchObject({ table: "todos", rowId: "1", clientId: "app-1", hlc });
  });

  it("makes a DELETE with no columns", () => {
    const d = extractDelta({ title: "a" }, null, target);
    expect(d?.op).toBe("DELETE");
    expect(d?.columns).toEqual([]);
  });

  it("makes an UPDATE of just the changed columns", () => {
    const d = extractDelta(
      { title: "a", done: false, tags: ["x"], meta: { a: 1, b: 2 } },
      { title: "a", done: true, tags: ["x"], meta: { b: 2, a: 1 } },
      target,
    );
    expect(d?.op).toBe("UPDATE");
    expect(d?.columns).toEqual([{ column: "done", value: true }]);
  });

  it("nulls a column that disappeared", () => {
    const d = extractChange({ title: "a", note: "n" }, { title: "a" }, target);
    expect(d?.columns).toEqual([{ column: "note", value: null }]);
  });

  it("returns null when nothing changed", () => {
    expect(extractDelta({ a: 1, b: [1, 2] }, { a: 1, b: [1, 2] }, target)).toBeNull();
    expect(extractDelta(null, null, target)).toBeNull();
    expect(extractDelta({ a: null }, { a: undefined }, target)).toBeNull();
  });

  it("sees changes inside JSON values, dates and bigints", () => {
    expect(extractChange({ j: { a: [1] } }, { j: { a: [2] } }, target)?.columns).toHaveLength(1);
    expect(
      extractChange({ d: new Date(1) }, { d: new Date(2) }, target)?.columns.map((c) => c.column),
    ).toEqual(["d"]);
    expect(extractChange({ n: 1n }, { n: 2n }, target)?.columns).toHaveLength(1);
    expect(extractChange({ n: 1 }, { n: "1" }, target)?.columns).toHaveLength(1);
  });
});

describe("deltaId", () => {
  it("is the same for the same change and differs when any part differs", () => {
    const change = {
      op: "UPDATE" as const,
      table: "todos",
      rowId: "1",
      columns: [{ column: "title", value: "a" }],
    };
    const a = makeDelta(change, "app-1", hlc);
    expect(makeDelta(change, "app-1", hlc).deltaId).toBe(a.deltaId);
    expect(a.deltaId).toMatch(/^[0-9a-f]{32}$/);
    const variants = [
      makeDelta(change, "app-2", hlc),
      makeDelta(change, "app-1", hlc + 1n),
      makeDelta({ ...change, table: "notes" }, "app-1", hlc),
      makeDelta({ ...change, rowId: "2" }, "app-1", hlc),
      makeDelta({ ...change, op: "INSERT" }, "app-1", hlc),
      makeDelta({ ...change, columns: [{ column: "title", value: "b" }] }, "app-1", hlc),
      makeDelta({ ...change, columns: [{ column: "name", value: "a" }] }, "app-1", hlc),
    ];
    const ids = new Set([a.deltaId, ...variants.map((v) => v.deltaId)]);
    expect(ids.size).toBe(variants.length + 1);
  });

  it("does not depend on key order inside JSON values", () => {
    const base = { clientId: "c", hlc, table: "t", rowId: "r", op: "INSERT" as const };
    expect(computeDeltaId({ ...base, columns: [{ column: "j", value: { a: 1, b: 2 } }] })).toBe(
      computeDeltaId({ ...base, columns: [{ column: "j", value: { b: 2, a: 1 } }] }),
    );
  });
});

describe("valuesEqual", () => {
  it("compares deeply and treats null and undefined as no value", () => {
    expect(valuesEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(valuesEqual({ a: 1 }, { a: 2 })).toBe(false);
    expect(valuesEqual(null, undefined)).toBe(true);
    expect(valuesEqual(0, null)).toBe(false);
    expect(valuesEqual(Number.NaN, Number.NaN)).toBe(true);
  });
});

describe("deltaId form", () => {
  const base = { clientId: "c", hlc, table: "t", rowId: "r", op: "UPDATE" as const };
  const idOf = (columns: { column: string; value: unknown }[], over = {}) =>
    computeDeltaId({ ...base, ...over, columns });

  it("tells values of different types apart", () => {
    const values = [
      null,
      "null",
      1,
      "1",
      1.5,
      "1.5",
      true,
      "true",
      false,
      1n,
      [1],
      { a: 1 },
      '{"a":1}',
    ];
    const ids = new Set(values.map((value) => idOf([{ column: "v", value }])));
    expect(ids.size).toBe(values.length);
  });

  it("never lets two pieces run together", () => {
    const split = [
      idOf([{ column: "ab", value: "c" }]),
      idOf([{ column: "a", value: "bc" }]),
      idOf([], { table: "tr", rowId: "" }),
      idOf([], { table: "t", rowId: "r" }),
      idOf([
        { column: "a", value: "b" },
        { column: "c", value: "d" },
      ]),
      idOf([{ column: "a", value: "bcd" }]),
      idOf([], { clientId: "cU", op: "PDATE" }),
    ];
    expect(new Set(split).size).toBe(split.length);
  });

  it("hashes long values and many columns past the hasher's buffer", () => {
    const long = "x".repeat(5000);
    const columns = Array.from({ length: 300 }, (_, i) => ({ column: `c${i}`, value: i }));
    expect(idOf([{ column: "v", value: long }])).not.toBe(
      idOf([{ column: "v", value: `${long}y` }]),
    );
    expect(idOf(columns)).toBe(idOf(columns.map((c) => ({ ...c }))));
    expect(idOf(columns)).not.toBe(
      idOf(columns.map((c, i) => (i === 299 ? { ...c, value: 0 } : c))),
    );
  });

  it("is MurmurHash3 of the length-prefixed shape, then the hlc, row id and tagged values", async () => {
    const { Murmur128, stableStringify } = await import("../hash/index.js");
    const meta = { b: [1, null], a: 2n };
    const h = new Murmur128().text("c").text("t").text("UPDATE").word(5);
    h.text("title").text("n").text("meta").text("done").text("gone");
    h.word(Number(hlc & 0xffffffffn)).word(Number(hlc >> 32n));
    h.text("r");
    h.unit(1).text('say "hi"\n');
    h.unit(2).float(2.5);
    h.unit(5).text(stableStringify(meta));
    h.unit(4);
    h.unit(0);
    const columns = [
      { column: "title", value: 'say "hi"\n' },
      { column: "n", value: 2.5 },
      { column: "meta", value: meta },
      { column: "done", value: false },
      { column: "gone", value: null },
    ];
    expect(idOf(columns)).toBe(h.hex());
  });

  it("gives each shape its own id when shapes alternate (the shape is hashed once and reused)", () => {
    const a = [{ column: "title", value: "x" }];
    const b = [{ column: "name", value: "x" }];
    const first = [idOf(a), idOf(b), idOf(a, { op: "INSERT" }), idOf(a, { clientId: "d" })];
    const again = [idOf(a), idOf(b), idOf(a, { op: "INSERT" }), idOf(a, { clientId: "d" })];
    expect(again).toEqual(first);
    expect(new Set(first).size).toBe(first.length);
    // Same names in new objects and arrays: the same id as the cached shape gives.
    expect(idOf([{ column: `ti${"tle"}`, value: "x" }])).toBe(first[0]);
  });
});

describe("namedAs", () => {
  it("is true only for the same names in the same order", () => {
    const columns = [
      { column: "id", value: 1 },
      { column: "title", value: "a" },
    ];
    expect(namedAs(columns, ["id", "title"])).toBe(true);
    expect(namedAs(columns, ["title", "id"])).toBe(false);
    expect(namedAs(columns, ["id"])).toBe(false);
    expect(namedAs([], [])).toBe(true);
  });
});

describe("rowColumns", () => {
  it("lists every column in the row's key order, undefined as null", () => {
    expect(rowColumns({ id: 1, title: "a", gone: undefined, none: null })).toEqual([
      { column: "id", value: 1 },
      { column: "title", value: "a" },
      { column: "gone", value: null },
      { column: "none", value: null },
    ]);
    expect(rowColumns({})).toEqual([]);
    expect(
      extractChange(null, { id: 1, x: undefined }, { table: "t", rowId: "1" })?.columns,
    ).toEqual([
      { column: "id", value: 1 },
      { column: "x", value: null },
    ]);
  });

  it("carries binary values as base64 text, whatever view of the bytes a driver gives", () => {
    const bytes = new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0x00]);
    // A view on part of a larger buffer (as a driver's Buffer often is): only its own bytes.
    const slice = new Uint8Array([9, 9, 0xde, 0xad, 0xbe, 0xef, 0x00, 9]).subarray(2, 7);
    expect(rowColumns({ a: bytes, b: slice, c: new Uint8Array(0) })).toEqual([
      { column: "a", value: "3q2+7wA=" },
      { column: "b", value: "3q2+7wA=" },
      { column: "c", value: "" },
    ]);
    expect(rowColumns({ j: { bytes: [1, 2] }, d: "3q2+7wA=" })).toEqual([
      { column: "j", value: { bytes: [1, 2] } },
      { column: "d", value: "3q2+7wA=" },
    ]);
  });
});
