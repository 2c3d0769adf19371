import { describe, expect, it } from "vitest";
import type { RowState } from "../delta/index.js";
import type { TableSchema } from "../schema/index.js";
import { forEachStatePage, statesBySchema, typedRowChanges } from "./typed-rows.js";

const state = (table: string, rowId: string, title?: string): RowState => ({
  table,
  rowId,
  columns: title === undefined ? {} : { title: { value: title, hlc: 1n, clientId: "c" } },
  deleted: title === undefined ? { hlc: 2n, clientId: "c" } : null,
});
const schema: TableSchema = {
  table: "todos",
  columns: [
    { name: "title", type: "string" },
    { name: "done", type: "boolean" },
  ],
};

describe("typedRowChanges", () => {
  it("answers the parameters of live rows and the ids of deleted ones", () => {
    const changes = typedRowChanges(
      "gw",
      schema,
      [state("todos", "r1", "a"), state("todos", "r2")],
      (value, type) => `${type}:${String(value)}`,
    );
    expect(changes).toEqual({
      upserts: [["gw", "r1", "string:a", "boolean:undefined"]],
      deletes: ["r2"],
    });
  });
});

describe("statesBySchema", () => {
  it("groups states by their table's schema and leaves tables without one out", () => {
    const other: TableSchema = { table: "notes", columns: [{ name: "title", type: "string" }] };
    const schemas = new Map([
      ["todos", schema],
      ["notes", other],
    ]);
    const grouped = statesBySchema(
      [
        state("todos", "r1", "a"),
        state("free", "x", "b"),
        state("notes", "n"),
        state("todos", "r2"),
      ],
      schemas,
    );
    expect([...grouped].map(([s, list]) => [s.table, list.map((l) => l.rowId)])).toEqual([
      ["todos", ["r1", "r2"]],
      ["notes", ["n"]],
    ]);
  });
});

describe("forEachStatePage", () => {
  it("reads pages after the last row id until a short page", async () => {
    const all = ["a", "b", "c", "d", "e"].map((id) => state("todos", id, id));
    const reads: (string | null)[] = [];
    const written: string[][] = [];
    await forEachStatePage(
      async (after, limit) => {
        reads.push(after);
        return all.filter((s) => after === null || s.rowId > after).slice(0, limit);
      },
      async (page) => {
        written.push(page.map((s) => s.rowId));
      },
      2,
    );
    expect(reads).toEqual([null, "b", "d"]);
    expect(written).toEqual([["a", "b"], ["c", "d"], ["e"]]);
  });

  it("stops at an empty page", async () => {
    const written: unknown[] = [];
    let reads = 0;
    await forEachStatePage(
      async () => {
        reads++;
        return reads === 1 ? [state("t", "a", "x"), state("t", "b", "y")] : [];
      },
      async (page) => {
        written.push(page);
      },
      2,
    );
    expect(reads).toBe(2);
    expect(written).toHaveLength(1);
  });
});
