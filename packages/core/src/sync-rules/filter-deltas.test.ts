import { describe, expect, it } from "vitest";
import { makeDelta } from "../delta/make-delta.js";
import type { DeltaOp, Row, RowDelta } from "../delta/types.js";
import { deltaRow, filterDeltas } from "./filter-deltas.js";
import type { SyncRules } from "./types.js";

let clock = 0n;
function delta(op: DeltaOp, table: string, rowId: string, columns: Row = {}): RowDelta {
  clock += 1n;
  const cols = Object.entries(columns).map(([column, value]) => ({ column, value }));
  return makeDelta({ op, table, rowId, columns: cols }, "c1", clock);
}

const rules: SyncRules = {
  buckets: [
    {
      name: "mine",
      tables: ["todos"],
      filters: [{ column: "owner", op: "eq", value: "jwt:sub" }],
    },
    { name: "tags", tables: ["tags"] },
  ],
};
const ada = { sub: "ada" };

describe("filterDeltas", () => {
  it("returns every delta, in order, as a new array when there are no rules", () => {
    const deltas = [delta("INSERT", "a", "1", { x: 1 }), delta("DELETE", "b", "2")];
    for (const none of [null, undefined]) {
      const out = filterDeltas(deltas, none, {});
      expect(out).toEqual(deltas);
      expect(out).not.toBe(deltas);
    }
  });

  it("returns nothing for an empty bucket list", () => {
    expect(
      filterDeltas([delta("INSERT", "todos", "1", { owner: "ada" })], { buckets: [] }, ada),
    ).toEqual([]);
  });

  it("keeps the deltas whose rows the caller can see, in order, as the same objects", () => {
    const a = delta("INSERT", "todos", "1", { owner: "ada", title: "a" });
    const b = delta("INSERT", "todos", "2", { owner: "bob", title: "b" });
    const c = delta("INSERT", "tags", "3", { name: "c" });
    const d = delta("INSERT", "secrets", "4", { owner: "ada" });
    const out = filterDeltas([a, b, c, d], rules, ada);
    expect(out).toEqual([a, c]);
    expect(out[0]).toBe(a);
  });

  describe("without rowState, on the delta's own columns", () => {
    it("drops a sparse UPDATE that lacks the filtered column", () => {
      expect(filterDeltas([delta("UPDATE", "todos", "1", { title: "x" })], rules, ada)).toEqual([]);
    });

    it("drops a DELETE from filtered buckets but keeps it for unfiltered ones", () => {
      const gone = delta("DELETE", "todos", "1");
      const tag = delta("DELETE", "tags", "9");
      expect(filterDeltas([gone, tag], rules, ada)).toEqual([tag]);
    });
  });

  describe("with rowState", () => {
    const state: Record<string, Row> = {
      "todos/1": { owner: "ada", title: "old" },
      "todos/2": { owner: "bob", title: "bob's" },
    };
    const rowState = (table: string, rowId: string) => state[`${table}/${rowId}`];

    it("sends a sparse UPDATE to the clients that see the merged row", () => {
      const update = delta("UPDATE", "todos", "1", { title: "new" });
      expect(filterDeltas([update], rules, ada, { rowState })).toEqual([update]);
      expect(filterDeltas([update], rules, { sub: "bob" }, { rowState })).toEqual([]);
    });

    it("sends a DELETE by the row's last known state", () => {
      const del = delta("DELETE", "todos", "2");
      expect(filterDeltas([del], rules, { sub: "bob" }, { rowState })).toEqual([del]);
      expect(filterDeltas([del], rules, ada, { rowState })).toEqual([]);
    });

    it("drops a DELETE whose state is unknown from filtered buckets", () => {
      expect(filterDeltas([delta("DELETE", "todos", "404")], rules, ada, { rowState })).toEqual([]);
    });

    it("lets the delta's columns win over the state", () => {
      const handOver = delta("UPDATE", "todos", "2", { owner: "ada" });
      expect(filterDeltas([handOver], rules, ada, { rowState })).toEqual([handOver]);
      expect(filterDeltas([handOver], rules, { sub: "bob" }, { rowState })).toEqual([]);
    });

    it("asks only for rows of tables some bucket lists", () => {
      const asked: string[] = [];
      const spy = (table: string, rowId: string) => {
        asked.push(`${table}/${rowId}`);
        return rowState(table, rowId);
      };
      filterDeltas(
        [delta("UPDATE", "todos", "1", { title: "t" }), delta("UPDATE", "secrets", "1", { x: 1 })],
        rules,
        ada,
        { rowState: spy },
      );
      expect(asked).toEqual(["todos/1"]);
    });
  });
});

describe("deltaRow", () => {
  it("lays the delta's columns over the known state", () => {
    const row = deltaRow(delta("UPDATE", "t", "1", { b: 3, c: null }), () => ({ a: 1, b: 2 }));
    expect({ ...row }).toEqual({ a: 1, b: 3, c: null });
  });

  it("keeps a column named __proto__ a plain column", () => {
    const d = makeDelta(
      { op: "INSERT", table: "t", rowId: "1", columns: [{ column: "__proto__", value: "x" }] },
      "c1",
      1n,
    );
    const row = deltaRow(d);
    expect(Object.hasOwn(row, "__proto__")).toBe(true);
    expect(Object.getOwnPropertyDescriptor(row, "__proto__")?.value).toBe("x");
  });
});
