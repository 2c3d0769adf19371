import { describe, expect, it } from "vitest";
import { encodeHlc } from "../hlc/index.js";
import { computeDeltaId, extractChange, extractDelta, makeDelta, valuesEqual } from "./index.js";

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
  it("is the hash of the canonical JSON of its parts", async () => {
    const { hash128, stableStringify } = await import("../hash/index.js");
    const columns = [
      { column: "title", value: 'say "hi"\n' },
      { column: "meta", value: { b: [1, null], a: 2n } },
    ];
    const parts = { clientId: "c", hlc, table: "t", rowId: "r", op: "UPDATE" as const, columns };
    const expected = hash128(
      stableStringify([
        "c",
        hlc.toString(),
        "t",
        "r",
        "UPDATE",
        columns.map((c) => [c.column, c.value]),
      ]),
    );
    expect(computeDeltaId(parts)).toBe(expected);
  });
});
