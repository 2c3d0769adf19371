import { describe, expect, it } from "vitest";
import { applyDelta, type RowState } from "../delta/index.js";
import { encodeEntry } from "./logged-entry.js";
import { mergeEntries, rowKey, touchedRows } from "./merge-entries.js";

const entry = (
  rowId: string,
  hlc: bigint,
  column: string,
  value: unknown,
  op: "UPDATE" | "DELETE" = "UPDATE",
) =>
  encodeEntry({
    position: hlc,
    delta: {
      deltaId: `${rowId}-${hlc}`,
      op,
      table: "todos",
      rowId,
      clientId: "c1",
      hlc,
      columns: op === "DELETE" ? [] : [{ column, value }],
    },
  });

describe("rowKey and touchedRows", () => {
  it("keys rows by table and row id, and lists each touched row once", () => {
    expect(rowKey("a", "b:c")).not.toBe(rowKey("a:b", "c"));
    const rows = touchedRows([
      entry("r1", 1n, "a", 1),
      entry("r2", 2n, "a", 2),
      entry("r1", 3n, "b", 3),
    ]);
    expect(rows).toEqual([
      { table: "todos", rowId: "r1" },
      { table: "todos", rowId: "r2" },
    ]);
  });
});

describe("mergeEntries", () => {
  it("merges entries into the current states, column by column, and answers each changed row once", () => {
    const first = entry("r1", 1n, "title", "old");
    const states = new Map<string, RowState>([
      [rowKey("todos", "r1"), applyDelta(undefined, first.stored)],
    ]);
    const changed = mergeEntries(states, [
      entry("r1", 2n, "done", true),
      entry("r2", 3n, "title", "new"),
      entry("r1", 4n, "title", "newer"),
    ]);
    expect(changed.map((s) => s.rowId)).toEqual(["r1", "r2"]);
    expect(changed[0]?.columns.title?.value).toBe("newer");
    expect(changed[0]?.columns.done?.value).toBe(true);
    expect(states.get(rowKey("todos", "r2"))?.columns.title?.value).toBe("new");
  });

  it("answers a deleted row as deleted", () => {
    const states = new Map<string, RowState>();
    const [state] = mergeEntries(states, [
      entry("r1", 1n, "a", 1),
      entry("r1", 2n, "", null, "DELETE"),
    ]);
    expect(state?.deleted).toEqual({ hlc: 2n, clientId: "c1" });
  });
});
