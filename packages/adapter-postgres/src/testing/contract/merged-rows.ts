import { applyDelta, type RowDelta, type RowState, rowValues } from "@lakesync/core";
import { describe, expect, it } from "vitest";
import { change, logged, ok, readAll, TODOS } from "./helpers.js";
import type { ContractAdapter, ContractDatabase } from "./types.js";

/** Merged rows: column-level last-writer-wins, deletes and revivals, concurrent writers. */
export function mergedRowsContract(db: () => ContractDatabase): void {
  describe("merged rows", () => {
    it("merges column by column, last writer wins, whatever the order of arrival", async () => {
      const deltas = [
        change("r1", 1, { title: "one", done: false, points: 1 }, { op: "INSERT" }),
        change("r1", 3, { title: "three" }, { clientId: "client-b" }),
        change("r1", 2, { title: "two", done: true }),
        // Same HLC as the write above: the larger clientId wins.
        change("r1", 2, { points: 5 }, { clientId: "client-z" }),
        change("r1", 2, { points: 4 }, { clientId: "client-c" }),
      ];
      const expected = { title: "three", done: true, points: 5 };
      const orders = [
        [0, 1, 2, 3, 4],
        [4, 3, 2, 1, 0],
        [2, 0, 4, 1, 3],
      ];
      for (const [i, order] of orders.entries()) {
        const adapter = db().adapter(`gw-${i}`);
        const arriving = order.map((k) => deltas[k] as RowDelta);
        // One delta per write, then the same split differently: both converge.
        for (const entry of logged(arriving)) ok(await adapter.insertDeltas([entry]));
        expect(ok(await adapter.readRow("todos", "r1"))).toEqual(expected);
        const batched = db().adapter(`gw-batched-${i}`);
        ok(await batched.insertDeltas(logged(arriving)));
        expect(ok(await batched.readRow("todos", "r1"))).toEqual(expected);
      }
    });

    it("hides a deleted row, ignores stale writes, and revives it with later ones", async () => {
      const adapter = db().adapter("gw");
      ok(await adapter.ensureSchema(TODOS));
      let position = 1;
      const write = async (...deltas: RowDelta[]) => {
        ok(await adapter.insertDeltas(logged(deltas, position)));
        position += deltas.length;
      };
      await write(change("r1", 10, { title: "first", points: 1 }, { op: "INSERT" }));
      await write(change("r2", 10, { title: "other" }, { op: "INSERT" }));
      await write(change("r1", 20, {}, { op: "DELETE" }));
      expect(ok(await adapter.readRow("todos", "r1"))).toBeNull();
      expect((await db().typedRows("todos", "gw")).map((r) => r.row_id)).toEqual(["r2"]);

      // Older than the DELETE: stays deleted.
      await write(change("r1", 15, { title: "stale" }, { clientId: "client-z" }));
      expect(ok(await adapter.readRow("todos", "r1"))).toBeNull();
      // A write older than a column's value does not undo a newer DELETE either.
      await write(change("r1", 19, { points: 7 }));
      expect(ok(await adapter.readRow("todos", "r1"))).toBeNull();

      // Later than the DELETE: back, with only the values written since.
      await write(change("r1", 30, { title: "back" }));
      expect(ok(await adapter.readRow("todos", "r1"))).toEqual({ title: "back" });
      expect(await db().typedRows("todos", "gw")).toMatchObject([
        { row_id: "r1", title: "back", points: null },
        { row_id: "r2", title: "other" },
      ]);

      // A DELETE that arrives late but is older than the revival changes nothing.
      await write(change("r1", 25, {}, { op: "DELETE", clientId: "client-z" }));
      expect(ok(await adapter.readRow("todos", "r1"))).toEqual({ title: "back" });

      // Delete and revive within one batch, out of order.
      await write(
        change("r2", 50, { title: "revived" }),
        change("r2", 40, {}, { op: "DELETE" }),
        change("r2", 45, { title: "lost" }),
      );
      expect(ok(await adapter.readRow("todos", "r2"))).toEqual({ title: "revived" });
    });

    it("matches core's in-memory merge on a random history", async () => {
      const adapter = db().adapter("gw");
      let seed = 42;
      const random = (n: number) => {
        seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
        return seed % n;
      };
      const deltas: RowDelta[] = [];
      for (let i = 0; i < 300; i++) {
        const rowId = `r${random(12)}`;
        const ms = random(1000);
        const clientId = `c${random(3)}`;
        if (random(6) === 0) {
          deltas.push(change(rowId, ms, {}, { op: "DELETE", clientId }));
        } else {
          const columns: Record<string, unknown> = {};
          for (const column of ["a", "b", "c"]) if (random(2)) columns[column] = random(100);
          deltas.push(change(rowId, ms, columns, { clientId }));
        }
      }
      const entries = logged(deltas);
      for (let i = 0; i < entries.length; i += 37) {
        ok(await adapter.insertDeltas(entries.slice(i, i + 37)));
      }
      const reference = new Map<string, RowState>();
      for (const d of deltas) reference.set(d.rowId, applyDelta(reference.get(d.rowId), d));
      for (let r = 0; r < 12; r++) {
        expect(ok(await adapter.readRow("todos", `r${r}`))).toEqual(
          rowValues(reference.get(`r${r}`)),
        );
      }
    });

    it("merges concurrent writers of one gateway without losing a write", async () => {
      const writers = [db().adapter("gw"), db().adapter("gw")];
      const deltas = Array.from({ length: 80 }, (_, i) =>
        change(`r${i % 5}`, (i * 37) % 80, { [`c${i % 3}`]: i }, { clientId: `c${i % 2}` }),
      );
      const entries = logged(deltas);
      await Promise.all(
        writers.map(async (writer, w) => {
          for (let i = w * 5; i < entries.length; i += 10) {
            ok(await writer.insertDeltas(entries.slice(i, i + 5)));
          }
        }),
      );
      const reference = new Map<string, RowState>();
      for (const d of deltas) reference.set(d.rowId, applyDelta(reference.get(d.rowId), d));
      expect(await readAll(writers[0] as ContractAdapter, 100)).toHaveLength(80);
      for (let r = 0; r < 5; r++) {
        expect(ok(await (writers[1] as ContractAdapter).readRow("todos", `r${r}`))).toEqual(
          rowValues(reference.get(`r${r}`)),
        );
      }
    });
  });
}
