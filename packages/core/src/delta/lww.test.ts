import { describe, expect, it } from "vitest";
import { encodeHlc } from "../hlc/index.js";
import { applyDelta, makeDelta, type RowDelta, type RowState, rowValues } from "./index.js";

const at = (ms: number) => encodeHlc(ms, 0);

function write(ms: number, clientId: string, columns: Record<string, unknown>): RowDelta {
  return makeDelta(
    {
      op: "UPDATE",
      table: "t",
      rowId: "1",
      columns: Object.entries(columns).map(([column, value]) => ({ column, value })),
    },
    clientId,
    at(ms),
  );
}

function remove(ms: number, clientId = "c"): RowDelta {
  return makeDelta({ op: "DELETE", table: "t", rowId: "1", columns: [] }, clientId, at(ms));
}

function merge(deltas: RowDelta[]): RowState | undefined {
  return deltas.reduce<RowState | undefined>((s, d) => applyDelta(s, d), undefined);
}

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

describe("column-level last-writer-wins", () => {
  it("keeps the newest value of each column independently", () => {
    const state = merge([
      write(1, "a", { title: "t1", done: false }),
      write(3, "b", { title: "t3" }),
      write(2, "c", { done: true, title: "t2" }),
    ]);
    expect(rowValues(state)).toEqual({ title: "t3", done: true });
  });

  it("breaks HLC ties by clientId, the same way on every replica", () => {
    const x = write(5, "alice", { title: "from alice" });
    const y = write(5, "bob", { title: "from bob" });
    expect(rowValues(merge([x, y]))).toEqual({ title: "from bob" });
    expect(rowValues(merge([y, x]))).toEqual({ title: "from bob" });
  });

  it("converges whatever the order of arrival, deletes included", () => {
    const deltas = [
      write(1, "a", { title: "one", done: false }),
      remove(2),
      write(3, "b", { title: "three" }),
      write(4, "a", { done: true }),
    ];
    const expected = { title: "three", done: true };
    for (const order of permutations(deltas)) {
      expect(rowValues(merge(order))).toEqual(expected);
    }
  });

  it("hides a deleted row until a later write", () => {
    const deleted = merge([write(1, "a", { title: "x" }), remove(2)]);
    expect(rowValues(deleted)).toBeNull();
    expect(rowValues(applyDelta(deleted, write(1, "z", { title: "stale" })))).toBeNull();
    expect(rowValues(applyDelta(deleted, write(3, "a", { title: "back" })))).toEqual({
      title: "back",
    });
  });

  it("ignores a delete older than the current values", () => {
    const state = merge([write(5, "a", { title: "x" }), remove(3)]);
    expect(rowValues(state)).toEqual({ title: "x" });
  });

  it("applying the same delta twice changes nothing", () => {
    const d = write(1, "a", { title: "x" });
    const once = applyDelta(undefined, d);
    expect(applyDelta(once, d)).toEqual(once);
  });

  it("returns null for a row never written", () => {
    expect(rowValues(undefined)).toBeNull();
  });
});
