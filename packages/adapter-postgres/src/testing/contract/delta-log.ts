import { encodeHlc, type LoggedDelta, makeDelta, type RowDelta } from "@lakesync/core";
import { describe, expect, it } from "vitest";
import { at, change, logged, ok, readAll, T0, TODOS } from "./helpers.js";
import type { ContractDatabase } from "./types.js";

/** The delta log: order, paging, idempotency, atomic batches, gateway isolation, no log, large batches, round trips. */
export function deltaLogContract(db: () => ContractDatabase): void {
  describe("delta log", () => {
    it("reads deltas back in position order, a page at a time", async () => {
      const adapter = db().adapter("gw");
      const deltas = Array.from({ length: 25 }, (_, i) =>
        change(`r${i % 7}`, i, { title: `t${i}`, n: i }),
      );
      const entries = logged(deltas);
      // Written out of position order, in two batches.
      const shuffled = [...entries].reverse();
      ok(await adapter.insertDeltas(shuffled.slice(0, 12)));
      ok(await adapter.insertDeltas(shuffled.slice(12)));

      const pages: LoggedDelta[][] = [];
      let since = 0n;
      for (;;) {
        const page = ok(await adapter.queryDeltasSince(since, 10));
        expect(page.warnings).toBeUndefined();
        if (page.deltas.length === 0) break;
        pages.push(page.deltas);
        since = page.deltas.at(-1)?.position ?? since;
      }
      expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
      expect(pages.flat()).toEqual(entries);

      const middle = entries[9] as LoggedDelta;
      const after = ok(await adapter.queryDeltasSince(middle.position, 3)).deltas;
      expect(after).toEqual(entries.slice(10, 13));
      expect(ok(await adapter.lastPosition())).toBe(entries.at(-1)?.position);
      expect(ok(await adapter.queryDeltasSince(0n, 0)).deltas).toEqual([]);
    });

    it("orders positions as numbers, not as their text", async () => {
      const adapter = db().adapter("gw");
      // 9 and 10 (any positions of different lengths): as text, "10" sorts before "9".
      const positions = [8n, 9n, 10n, 11n, 100n, 1000n];
      const entries = positions.map((position, i) => ({
        position,
        delta: change(`r${i}`, i, { n: i }),
      }));
      ok(await adapter.insertDeltas([...entries].reverse()));
      expect(ok(await adapter.queryDeltasSince(0n, 100)).deltas).toEqual(entries);
      expect(ok(await adapter.queryDeltasSince(9n, 2)).deltas).toEqual(entries.slice(2, 4));
      expect(ok(await adapter.lastPosition())).toBe(1000n);
    });

    it("stores a deltaId once, and merges it once", async () => {
      const adapter = db().adapter("gw");
      const first = change("r1", 1, { title: "original" });
      const second = change("r2", 2, { title: "two" });
      ok(await adapter.insertDeltas(logged([first, second])));
      // The same deltas again, at new positions, with a duplicate inside the batch.
      const forged: RowDelta = { ...first, columns: [{ column: "title", value: "forged" }] };
      const third = change("r3", 3, { title: "three" });
      ok(await adapter.insertDeltas(logged([forged, second, third, third], 10)));

      const all = await readAll(adapter, 100);
      expect(all.map((e) => e.delta.deltaId)).toEqual([
        first.deltaId,
        second.deltaId,
        third.deltaId,
      ]);
      expect(all[0]?.position).toBe(at(100_001));
      expect(all[0]?.delta.columns).toEqual([{ column: "title", value: "original" }]);
      // A duplicate is not merged again: the row keeps the first delta's values.
      expect(ok(await adapter.readRow("todos", "r1"))).toEqual({ title: "original" });
      expect(ok(await adapter.readRow("todos", "r3"))).toEqual({ title: "three" });
      ok(await adapter.insertDeltas([]));
    });

    it("writes a batch all or nothing", async () => {
      const adapter = db().adapter("gw");
      const good = change("r1", 1, { title: "kept out" });
      // An HLC past what the log's bigint column holds makes the statement fail.
      const bad: RowDelta = { ...change("r2", 2, { title: "x" }), hlc: (1n << 64n) - 1n };
      const result = await adapter.insertDeltas(logged([good, bad]));
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe("ADAPTER_ERROR");
      expect(ok(await adapter.queryDeltasSince(0n, 10)).deltas).toEqual([]);
      expect(ok(await adapter.readRow("todos", "r1"))).toBeNull();
      ok(await adapter.insertDeltas(logged([good])));
      expect(ok(await adapter.readRow("todos", "r1"))).toEqual({ title: "kept out" });
    });

    it("keeps gateway ids apart in one database", async () => {
      const a = db().adapter("gw-a");
      const b = db().adapter("gw-b");
      ok(await a.ensureSchema(TODOS));
      ok(await b.ensureSchema(TODOS));
      const shared = change("r1", 1, { title: "same delta in both" });
      ok(await a.insertDeltas(logged([shared, change("r2", 2, { title: "only a" })])));
      ok(await b.insertDeltas(logged([shared], 50)));
      ok(await b.insertDeltas(logged([change("r1", 3, { title: "b wins in b" })], 60)));

      expect((await readAll(a, 10)).map((e) => e.delta.rowId)).toEqual(["r1", "r2"]);
      expect((await readAll(b, 10)).map((e) => e.delta.rowId)).toEqual(["r1", "r1"]);
      expect(ok(await a.readRow("todos", "r1"))).toEqual({ title: "same delta in both" });
      expect(ok(await b.readRow("todos", "r1"))).toEqual({ title: "b wins in b" });
      expect(ok(await b.readRow("todos", "r2"))).toBeNull();
      expect(ok(await a.lastPosition())).toBe(at(100_002));
      expect(ok(await b.lastPosition())).toBe(at(100_060));
      expect(await db().typedRows("todos", "gw-a")).toMatchObject([
        { row_id: "r1", title: "same delta in both" },
        { row_id: "r2", title: "only a" },
      ]);
      expect(await db().typedRows("todos", "gw-b")).toMatchObject([
        { row_id: "r1", title: "b wins in b" },
      ]);
      expect(await db().typedRows("todos", "gw-c")).toEqual([]);
    });

    it("answers an empty page with a warning where there is no delta log", async () => {
      const source = db().adapter("gw");
      for (let i = 0; i < 2; i++) {
        const page = ok(await source.queryDeltasSince(0n, 100));
        expect(page.deltas).toEqual([]);
        expect(page.warnings).toHaveLength(1);
        expect(page.warnings?.[0]).toMatch(/no LakeSync delta log \(table lakesync_deltas\)/);
      }
      expect(ok(await source.lastPosition())).toBe(0n);
      expect(ok(await source.readRow("todos", "r1"))).toBeNull();

      ok(await source.insertDeltas(logged([change("r1", 1, { title: "now logged" })])));
      const page = ok(await source.queryDeltasSince(0n, 100));
      expect(page.warnings).toBeUndefined();
      expect(page.deltas).toHaveLength(1);
    });

    it("splits a large batch under the bind-parameter limit", async () => {
      const adapter = db().adapter("gw");
      ok(await adapter.ensureSchema({ table: "events", columns: [{ name: "n", type: "number" }] }));
      // 10,000 deltas × 9 log columns = 90,000 parameters: more than one statement takes.
      const deltas = Array.from({ length: 10_000 }, (_, i) =>
        change(`e${i}`, i, { n: i, label: `event ${i}` }, { op: "INSERT", table: "events" }),
      );
      ok(await adapter.insertDeltas(logged(deltas)));
      const all = await readAll(adapter, 4_000);
      expect(all).toHaveLength(10_000);
      expect(all.every((e, i) => e.delta.deltaId === deltas[i]?.deltaId)).toBe(true);
      expect(ok(await adapter.lastPosition())).toBe(at(100_000 + 10_000));
      expect(ok(await adapter.readRow("events", "e9999"))).toEqual({
        n: 9999,
        label: "event 9999",
      });
      const typed = await db().typedRows("events", "gw");
      expect(typed).toHaveLength(10_000);
      expect(typed.reduce((sum, row) => sum + (row.n as number), 0)).toBe((9_999 * 10_000) / 2);
    }, 120_000);

    it("round-trips unicode, JSON, bigints, dates and awkward strings", async () => {
      const adapter = db().adapter("gw ✓ ünïcode");
      const values: Record<string, unknown> = {
        emoji: "👩‍👩‍👧‍👦 🌍 🚀",
        cjk: "漢字かなカナ한국어",
        rtl: "مرحبا שלום",
        combining: "e\u0301 n\u0303",
        quotes: `it's "quoted" \\ back\\slash ' ; drop table lakesync_deltas; --`,
        empty: "",
        nul: null,
        zero: 0,
        negative: -12.5,
        float: 0.1 + 0.2,
        maxSafe: Number.MAX_SAFE_INTEGER,
        big: 12345678901234567890n,
        flag: false,
        nested: { a: [1, "two", { three: [true, null] }], "key with spaces": { é: "ü" } },
        list: [1, 2, 3],
        when: new Date("2024-02-29T12:34:56.789Z"),
      };
      const delta = makeDelta(
        {
          op: "INSERT",
          table: "weird table ✓ 'x'",
          rowId: "row/1 ✓ 'quoted' \"id\"",
          columns: Object.entries(values).map(([column, value]) => ({ column, value })),
        },
        "client 🚀 ' \"",
        encodeHlc(T0, 65_535),
      );
      const position = encodeHlc(T0 + 1, 7);
      ok(await adapter.insertDeltas([{ position, delta }]));

      const expected = {
        ...values,
        big: "12345678901234567890",
        when: "2024-02-29T12:34:56.789Z",
      };
      const [back] = ok(await adapter.queryDeltasSince(0n, 10)).deltas;
      expect(back?.position).toBe(position);
      expect(back?.delta.hlc).toBe(delta.hlc);
      expect(back?.delta).toMatchObject({
        deltaId: delta.deltaId,
        op: "INSERT",
        table: delta.table,
        rowId: delta.rowId,
        clientId: delta.clientId,
      });
      expect(Object.fromEntries(back?.delta.columns.map((c) => [c.column, c.value]) ?? [])).toEqual(
        expected,
      );
      expect(back?.delta.columns.map((c) => c.column)).toEqual(Object.keys(values));
      expect(ok(await adapter.readRow(delta.table, delta.rowId))).toEqual(expected);
    });
  });
}
