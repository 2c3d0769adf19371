import {
  AdapterError,
  type DatabaseAdapter,
  Err,
  encodeHlc,
  type LoggedDelta,
  makeDelta,
  type RowDelta,
  type SyncRules,
} from "@lakesync/core";
import { describe, expect, it } from "vitest";
import { MemoryStore } from "./memory-store.js";
import { type BufferedDelta, SyncGateway } from "./sync-gateway.js";

const NOW = 1_700_000_000_000;
let clientClock = 0;

function delta(
  table: string,
  rowId: string,
  columns: Record<string, unknown>,
  op: RowDelta["op"] = "INSERT",
  clientId = "app-1",
  wallMs = NOW,
): RowDelta {
  clientClock += 1;
  return makeDelta(
    {
      op,
      table,
      rowId,
      columns: Object.entries(columns).map(([column, value]) => ({ column, value })),
    },
    clientId,
    encodeHlc(wallMs, clientClock),
  );
}

function gateway(options: Partial<ConstructorParameters<typeof SyncGateway>[0]> = {}) {
  let now = NOW;
  const gw = new SyncGateway({ gatewayId: "gw", now: () => now, ...options });
  return { gw, tick: (ms = 1) => (now += ms) };
}

async function pushOk(gw: SyncGateway, deltas: RowDelta[], clientId = "app-1") {
  const r = await gw.push({ clientId, deltas, lastSeenHlc: 0n });
  if (!r.ok) throw r.error;
  return r.value;
}

async function pullAll(gw: SyncGateway, claims = {}, limit = 1000) {
  const out: RowDelta[] = [];
  let since = 0n;
  for (let pages = 0; pages < 10_000; pages++) {
    const r = await gw.pull({ since, clientId: "reader", limit, claims });
    if (!r.ok) throw r.error;
    out.push(...r.value.deltas);
    since = r.value.serverHlc;
    if (!r.value.hasMore) break;
  }
  return out;
}

const rowIds = (deltas: RowDelta[]) => deltas.map((d) => d.rowId);

describe("SyncGateway.push", () => {
  it("accepts deltas and serves them back in order", async () => {
    const { gw } = gateway();
    const ack = await pushOk(gw, [
      delta("todos", "1", { title: "a" }),
      delta("todos", "2", { title: "b" }),
    ]);
    expect(ack.accepted).toBe(2);
    expect(rowIds(await pullAll(gw))).toEqual(["1", "2"]);
    expect(gw.bufferStats.logSize).toBe(2);
    expect(gw.bufferStats.byteSize).toBeGreaterThan(0);
  });

  it("ignores a delta it already has, within a push and across pushes", async () => {
    const { gw } = gateway();
    const d = delta("todos", "1", { title: "a" });
    expect((await pushOk(gw, [d, d])).accepted).toBe(1);
    expect((await pushOk(gw, [d])).accepted).toBe(0);
    expect(await pullAll(gw)).toHaveLength(1);
  });

  it("takes a fresh push without checking or remembering its ids", async () => {
    const { gw } = gateway();
    const d = delta("todos", "1", { title: "a" });
    const fresh = await gw.push({ clientId: "app-1", deltas: [d], lastSeenHlc: 0n, fresh: true });
    expect(fresh.ok && fresh.value.accepted).toBe(1);
    // Not remembered: the same id in a plain push is taken as new, and vice versa.
    expect((await pushOk(gw, [d])).accepted).toBe(1);
    expect((await pushOk(gw, [d])).accepted).toBe(0);
    expect(await pullAll(gw)).toHaveLength(2);
  });

  it("checks every delta of a fresh push all the same", async () => {
    const { gw } = gateway();
    const bad = { ...delta("todos", "2", { title: "b" }), table: "bad table" };
    const r = await gw.push({ clientId: "app-1", deltas: [bad], lastSeenHlc: 0n, fresh: true });
    expect(!r.ok && r.error.code).toBe("INVALID_DELTA");
    expect(gw.bufferStats.logSize).toBe(0);
  });

  it("checks column names again when a delta's names differ from the last valid ones", async () => {
    const { gw } = gateway();
    await pushOk(gw, [delta("todos", "1", { title: "a", done: false })]);
    const named = async (columns: { column: string; value: unknown }[]) => {
      const d = { ...delta("todos", "2", { x: 1 }), columns };
      const r = await gw.push({ clientId: "app-1", deltas: [d], lastSeenHlc: 0n });
      return r.ok ? "ok" : r.error.message;
    };
    expect(
      await named([
        { column: "title", value: "b" },
        { column: "bad name", value: 1 },
      ]),
    ).toContain("deltas[0].columns[1].column must be a column name");
    expect(
      await named([
        { column: "title", value: "b" },
        { column: "title", value: 1 },
      ]),
    ).toContain('repeats "title"');
    expect(
      await named([
        { column: "title", value: "b" },
        { column: "done", value: true },
      ]),
    ).toBe("ok");
    expect(gw.bufferStats.logSize).toBe(2);
  });

  it("applies nothing when one delta of a push is invalid, and names it", async () => {
    const { gw } = gateway();
    const good = delta("todos", "1", { title: "a" });
    const bad = { ...delta("todos", "2", { title: "b" }), table: "bad table" };
    const r = await gw.push({ clientId: "app-1", deltas: [good, bad], lastSeenHlc: 0n });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe("INVALID_DELTA");
      expect(r.error.message).toContain("deltas[1].table");
    }
    expect(gw.bufferStats.logSize).toBe(0);
  });

  it("refuses wrong field types and sizes", async () => {
    const { gw } = gateway();
    const base = delta("todos", "1", { title: "a" });
    const cases: [unknown, string][] = [
      [{ ...base, hlc: "1" }, "hlc"],
      [{ ...base, op: "UPSERT" }, "op"],
      [{ ...base, rowId: "" }, "rowId"],
      [{ ...base, rowId: "x".repeat(600) }, "rowId"],
      [{ ...base, columns: [{ column: "a" }] }, "value"],
      [
        {
          ...base,
          columns: [
            { column: "a", value: 1 },
            { column: "a", value: 2 },
          ],
        },
        "repeats",
      ],
      [{ ...base, op: "DELETE" }, "DELETE"],
      [null, "object"],
    ];
    for (const [bad, word] of cases) {
      const r = await gw.push({ clientId: "c", deltas: [bad as RowDelta], lastSeenHlc: 0n });
      expect(r.ok, word).toBe(false);
      if (!r.ok) expect(r.error.message).toContain(word);
    }
    const noClient = await gw.push({ clientId: "", deltas: [], lastSeenHlc: 0n });
    expect(!noClient.ok && noClient.error.message).toContain("clientId");
    expect(gw.bufferStats.logSize).toBe(0);
  });

  it("refuses a whole push when one delta's clock is too far ahead", async () => {
    const { gw } = gateway({ maxDriftMs: 1000 });
    const ok = delta("todos", "1", { title: "a" });
    const ahead = delta("todos", "2", { title: "b" }, "INSERT", "app-1", NOW + 5000);
    const r = await gw.push({ clientId: "app-1", deltas: [ok, ahead], lastSeenHlc: 0n });
    expect(!r.ok && r.error.code).toBe("CLOCK_DRIFT");
    expect(gw.bufferStats.logSize).toBe(0);
  });

  it("answers BACKPRESSURE past its byte budget, then accepts again after a flush", async () => {
    const store = new MemoryStore();
    const { gw } = gateway({ maxBufferBytes: 3000, store });
    const big = () => delta("docs", String(clientClock), { body: "x".repeat(500) });
    await pushOk(gw, [big(), big()]);
    expect(gw.shouldFlush()).toBe(true);
    const r = await gw.push({ clientId: "app-1", deltas: [big()], lastSeenHlc: 0n });
    expect(!r.ok && r.error.code).toBe("BACKPRESSURE");
    expect(gw.bufferStats.logSize).toBe(2);
    expect((await gw.flush()).ok).toBe(true);
    expect(gw.bufferStats.byteSize).toBe(0);
    await pushOk(gw, [big()]);
    expect(await pullAll(gw)).toHaveLength(3);
  });

  it("asks for a flush past 8 MiB by default, or past half its budget when that is smaller", async () => {
    const page = "x".repeat(64 * 1024);
    const fill = async (gw: SyncGateway, upTo: number) => {
      let n = 0;
      while (gw.bufferStats.byteSize < upTo && !gw.shouldFlush()) {
        await pushOk(gw, [delta("docs", String(n++), { body: page })]);
      }
      return gw.bufferStats.byteSize;
    };
    const MiB = 1024 * 1024;
    const byDefault = await fill(gateway().gw, 64 * MiB);
    expect(byDefault).toBeGreaterThanOrEqual(8 * MiB);
    expect(byDefault).toBeLessThan(8 * MiB + 200 * 1024);
    const small = await fill(gateway({ maxBufferBytes: 4 * MiB }).gw, 64 * MiB);
    expect(small).toBeGreaterThanOrEqual(2 * MiB);
    expect(small).toBeLessThan(2 * MiB + 200 * 1024);
  });
});

describe("SyncGateway.pull", () => {
  it("pages by server position with hasMore and never drops a page", async () => {
    const { gw } = gateway();
    const deltas = Array.from({ length: 25 }, (_, i) => delta("todos", String(i), { n: i }));
    await pushOk(gw, deltas);
    const pages: number[] = [];
    let since = 0n;
    const seen: string[] = [];
    for (;;) {
      const r = await gw.pull({ since, clientId: "r", limit: 10 });
      if (!r.ok) throw r.error;
      pages.push(r.value.deltas.length);
      seen.push(...rowIds(r.value.deltas));
      since = r.value.serverHlc;
      if (!r.value.hasMore) break;
    }
    expect(pages).toEqual([10, 10, 5]);
    expect(seen).toEqual(deltas.map((d) => d.rowId));
    const again = await gw.pull({ since, clientId: "r" });
    expect(again.ok && again.value).toMatchObject({ deltas: [], hasMore: false, serverHlc: since });
  });

  it("still delivers a delta that arrives late with an older client HLC", async () => {
    const { gw, tick } = gateway();
    await pushOk(gw, [delta("todos", "new", { t: 1 }, "INSERT", "a", NOW)]);
    const first = await gw.pull({ since: 0n, clientId: "r" });
    if (!first.ok) throw first.error;
    tick(10);
    // Written offline long ago, pushed only now.
    await pushOk(gw, [delta("todos", "old", { t: 0 }, "INSERT", "b", NOW - 60_000)], "b");
    const next = await gw.pull({ since: first.value.serverHlc, clientId: "r" });
    expect(next.ok && rowIds(next.value.deltas)).toEqual(["old"]);
  });

  it("filters by sync rules and the caller's claims", async () => {
    const { gw } = gateway();
    const rules: SyncRules = {
      buckets: [
        {
          name: "team",
          tables: ["jira_issues"],
          filters: [{ column: "project_key", op: "eq", value: "jwt:team" }],
        },
        { name: "everyone", tables: ["projects"], filters: [] },
      ],
    };
    gw.setSyncRules(rules);
    await pushOk(gw, [
      delta("jira_issues", "ENG-1", { project_key: "ENG" }),
      delta("jira_issues", "OPS-1", { project_key: "OPS" }),
      delta("projects", "ENG", { name: "Eng" }),
      delta("secrets", "s", { v: 1 }),
    ]);
    expect(rowIds(await pullAll(gw, { team: "ENG" }))).toEqual(["ENG-1", "ENG"]);
    expect(rowIds(await pullAll(gw, { team: "OPS" }))).toEqual(["OPS-1", "ENG"]);
    expect(rowIds(await pullAll(gw, {}))).toEqual(["ENG"]);
  });

  it("pages correctly when rules filter most deltas out", async () => {
    const { gw } = gateway();
    gw.setSyncRules({
      buckets: [{ name: "b", tables: ["t"], filters: [{ column: "k", op: "eq", value: "keep" }] }],
    });
    await pushOk(
      gw,
      Array.from({ length: 40 }, (_, i) =>
        delta("t", String(i), { k: i % 10 === 0 ? "keep" : "drop" }),
      ),
    );
    expect(rowIds(await pullAll(gw, {}, 3))).toEqual(["0", "10", "20", "30"]);
  });

  it("sends a sparse UPDATE and a DELETE to the clients that can see the row", async () => {
    const { gw } = gateway();
    gw.setSyncRules({
      buckets: [
        { name: "b", tables: ["t"], filters: [{ column: "owner", op: "eq", value: "jwt:sub" }] },
      ],
    });
    await pushOk(gw, [
      delta("t", "1", { owner: "ann", title: "a" }),
      delta("t", "1", { title: "b" }, "UPDATE"),
      delta("t", "1", {}, "DELETE"),
    ]);
    expect((await pullAll(gw, { sub: "ann" })).map((d) => d.op)).toEqual([
      "INSERT",
      "UPDATE",
      "DELETE",
    ]);
    expect(await pullAll(gw, { sub: "bob" })).toEqual([]);
  });

  it("tells a client when a row moves out of its bucket", async () => {
    const { gw } = gateway();
    gw.setSyncRules({
      buckets: [
        { name: "b", tables: ["t"], filters: [{ column: "team", op: "eq", value: "jwt:team" }] },
      ],
    });
    await pushOk(gw, [
      delta("t", "1", { team: "eng" }),
      delta("t", "1", { team: "ops" }, "UPDATE"),
    ]);
    expect((await pullAll(gw, { team: "eng" })).map((d) => d.op)).toEqual(["INSERT", "UPDATE"]);
    expect((await pullAll(gw, { team: "ops" })).map((d) => d.op)).toEqual(["UPDATE"]);
  });
});

/** A store whose writes fail while `failing` is set: a database going away mid-flush. */
class FlakyStore extends MemoryStore {
  failing = false;
  writes = 0;
  override async insertDeltas(deltas: readonly LoggedDelta[]) {
    this.writes += 1;
    if (this.failing) return Err(new AdapterError("connection refused"));
    return super.insertDeltas(deltas);
  }
}

describe("SyncGateway.flush", () => {
  it("writes in batches and pulls flushed deltas back from the store, across pages", async () => {
    const store = new FlakyStore();
    const { gw } = gateway({ store, flushBatchSize: 7 });
    const first = Array.from({ length: 20 }, (_, i) => delta("t", `a${i}`, { i }));
    await pushOk(gw, first);
    expect((await gw.flush()).ok).toBe(true);
    expect(store.writes).toBe(3);
    expect(store.size).toBe(20);
    expect(gw.bufferStats.logSize).toBe(0);
    const second = Array.from({ length: 5 }, (_, i) => delta("t", `b${i}`, { i }));
    await pushOk(gw, second);
    expect(rowIds(await pullAll(gw, {}, 6))).toEqual([...first, ...second].map((d) => d.rowId));
    expect(rowIds(await pullAll(gw, {}, 1000))).toHaveLength(25);
  });

  it("keeps what it could not write, in order, for the next try", async () => {
    const store = new FlakyStore();
    const { gw } = gateway({ store, flushBatchSize: 4 });
    const deltas = Array.from({ length: 10 }, (_, i) => delta("t", String(i), { i }));
    await pushOk(gw, deltas);
    store.failing = true;
    const failed = await gw.flush();
    expect(!failed.ok && failed.error.code).toBe("FLUSH_ERROR");
    expect(!failed.ok && failed.error.message).toContain("10 deltas still buffered");
    expect(gw.bufferStats.logSize).toBe(10);
    store.failing = false;
    expect((await gw.flush()).ok).toBe(true);
    expect(store.size).toBe(10);
    expect(rowIds(await pullAll(gw))).toEqual(deltas.map((d) => d.rowId));
  });

  it("shares one run between concurrent flushes", async () => {
    const store = new FlakyStore();
    const { gw } = gateway({ store, flushBatchSize: 100 });
    await pushOk(gw, [delta("t", "1", { a: 1 })]);
    const [a, b] = await Promise.all([gw.flush(), gw.flush()]);
    expect(a.ok && b.ok).toBe(true);
    expect(store.writes).toBe(1);
  });

  it("still recognises a delta re-sent after it was flushed", async () => {
    const store = new MemoryStore();
    const { gw } = gateway({ store });
    const d = delta("t", "1", { a: 1 });
    await pushOk(gw, [d]);
    await gw.flush();
    expect((await pushOk(gw, [d])).accepted).toBe(0);
  });
});

describe("named sources and schemas", () => {
  it("pulls from a registered source and 404s an unknown one", async () => {
    const { gw } = gateway();
    const source = new MemoryStore();
    const d = delta("users", "u1", { name: "Ann" });
    await source.insertDeltas([{ position: 5n, delta: d }]);
    expect(gw.registerSource("users-db", source).ok).toBe(true);
    expect(gw.registerSource("users-db", source).ok).toBe(false);
    expect(gw.listSources()).toEqual(["users-db"]);
    const r = await gw.pull({ since: 0n, clientId: "c", source: "users-db" });
    expect(r.ok && r.value).toMatchObject({ deltas: [d], serverHlc: 5n, hasMore: false });
    expect(gw.unregisterSource("users-db")).toBe(true);
    const gone = await gw.pull({ since: 0n, clientId: "c", source: "users-db" });
    expect(!gone.ok && gone.error.code).toBe("SOURCE_NOT_FOUND");
  });

  it("passes a source's warnings through", async () => {
    const { gw } = gateway();
    const source: DatabaseAdapter = Object.assign(new MemoryStore(), {
      queryDeltasSince: async () => ({
        ok: true as const,
        value: { deltas: [], warnings: ["no log"] },
      }),
    });
    gw.registerSource("s", source);
    const r = await gw.pull({ since: 0n, clientId: "c", source: "s" });
    expect(r.ok && r.value.warnings).toEqual(["no log"]);
  });

  it("creates a registered schema's table in the store", async () => {
    const store = new MemoryStore();
    const { gw } = gateway({ store });
    const schema = { table: "todos", columns: [{ name: "title", type: "string" as const }] };
    expect((await gw.registerSchema(schema)).ok).toBe(true);
    expect(store.schemas).toEqual([schema]);
    expect(gw.listSchemas()).toEqual([schema]);
  });
});

describe("accepted listeners", () => {
  it("hears each accepted batch and filters it per client", async () => {
    const { gw } = gateway();
    gw.setSyncRules({
      buckets: [
        { name: "b", tables: ["t"], filters: [{ column: "owner", op: "eq", value: "jwt:sub" }] },
      ],
    });
    const heard: BufferedDelta[][] = [];
    const off = gw.onAccepted((batch) => heard.push([...batch]));
    await pushOk(gw, [delta("t", "1", { owner: "ann" }), delta("t", "2", { owner: "bob" })]);
    expect(heard).toHaveLength(1);
    expect(rowIds(gw.visibleTo(heard[0] ?? [], { sub: "bob" }))).toEqual(["2"]);
    off();
    await pushOk(gw, [delta("t", "3", { owner: "ann" })]);
    expect(heard).toHaveLength(1);
  });
});

describe("values a store cannot hold", () => {
  it("refuses the NUL character in ids and values, nested ones included", async () => {
    const { gw } = gateway();
    for (const bad of [
      delta("t", "a\u0000b", { v: 1 }),
      delta("t", "1", { v: "x\u0000y" }),
      delta("t", "1", { v: { deep: ["ok", "n\u0000"] } }),
    ]) {
      const r = await gw.push({ clientId: "app-1", deltas: [bad], lastSeenHlc: 0n });
      expect(r.ok).toBe(false);
    }
    expect(gw.bufferStats.logSize).toBe(0);
    expect(
      (await pushOk(gw, [delta("t", "1", { v: { s: "fine \\u0000 as text" } })])).accepted,
    ).toBe(1);
  });

  it("refuses lone surrogates (text that is not valid UTF-16) in ids, values and keys", async () => {
    const { gw } = gateway();
    const cases: [RowDelta, RegExp][] = [
      [delta("t", "a\ud800", { v: 1 }), /deltas\[0\]\.rowId .*no lone surrogate/],
      [delta("t", "1", { v: "x\udc00y" }), /columns\[0\]\.value must not contain a lone surrogate/],
      [delta("t", "1", { v: ["ok", "\ud83d"] }), /a lone surrogate/],
      [delta("t", "1", { v: { "k\udfff": 1 } }), /a lone surrogate/],
    ];
    for (const [bad, message] of cases) {
      const r = await gw.push({ clientId: "app-1", deltas: [bad], lastSeenHlc: 0n });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toMatch(message);
    }
    expect(gw.bufferStats.logSize).toBe(0);
    // A bad clientId is refused after a good one was accepted (the good one is remembered).
    await pushOk(gw, [delta("t", "1", { v: 1 })]);
    for (const clientId of ["app\ud800", "", "app-1\u0000"]) {
      const bad = { ...delta("t", "2", { v: 1 }), clientId };
      const r = await gw.push({ clientId: "app-1", deltas: [bad], lastSeenHlc: 0n });
      expect(!r.ok && r.error.message).toMatch(/deltas\[0\]\.clientId must be/);
    }
    expect(gw.bufferStats.logSize).toBe(1);
    // A surrogate pair (an emoji) is valid text.
    expect((await pushOk(gw, [delta("t", "😀", { v: "ok 😀" })])).accepted).toBe(1);
  });
});
