import {
  AdapterError,
  type DatabaseIngestConfig,
  Err,
  HLC,
  Ok,
  type Result,
  type Row,
  type SqlSource,
  unwrap,
} from "@lakesync/core";
import { describe, expect, it } from "vitest";
import type { ConnectorStateStore } from "../connectors/types.js";
import { MemoryStore } from "../engine/memory-store.js";
import { SyncGateway } from "../engine/sync-gateway.js";
import { createDatabaseIngestPoll, cursorStateKey, snapshotStateKey } from "./database-ingest.js";

// Runtime-free behaviour of the poller. Its behaviour on a real database (keyset, restarts,
// outages, diff) is tested in @lakesync/adapter-postgres against PostgreSQL.

/** A SqlSource over in-memory tables (the query is a table name), honouring the keyset. */
class ArraySource implements SqlSource {
  constructor(readonly tables: Record<string, Row[]>) {}
  async *readRows(
    query: string,
    options: Parameters<SqlSource["readRows"]>[1],
  ): AsyncIterable<readonly Row[]> {
    const rows = this.tables[query];
    const limited = /^limited (\d+)$/.exec(query);
    if (limited) {
      const retryAfterMs = Number(limited[1]);
      throw new AdapterError("Rate limit exceeded", { retryAfterMs });
    }
    if (!rows) throw new AdapterError(`relation "${query}" does not exist`);
    const failAfter = this.failAfterBatches;
    const cursor = options.cursor;
    let out = rows;
    if (cursor) {
      const v = (r: Row) => Number(r[cursor.cursorColumn]);
      const id = (r: Row) => Number(r[cursor.rowIdColumn]);
      out = [...rows].sort((a, b) => v(a) - v(b) || id(a) - id(b));
      const after = cursor.after;
      if (after) {
        const [av, aid] = [Number(after.value), Number(after.rowId)];
        out = out.filter((r) => v(r) > av || (v(r) === av && id(r) > aid));
      }
    }
    for (let i = 0, batches = 0; i < out.length; i += options.batchSize, batches++) {
      this.afterBatch?.(batches);
      if (batches === failAfter) throw new AdapterError("Connection terminated unexpectedly");
      if (batches === this.stallAfterBatches) {
        // A network gone silent: nothing more comes until the read is cut off.
        await new Promise<never>((_, reject) => {
          this.#cutOff = () => reject(new AdapterError("Connection destroyed"));
        });
      }
      yield out.slice(i, i + options.batchSize);
    }
  }
  /** Called with the count of batches read so far, before each next one. */
  afterBatch: ((batches: number) => void) | undefined;
  /** Reads fail after this many batches (a connection lost mid-read). */
  failAfterBatches = Number.POSITIVE_INFINITY;
  /** Reads send nothing more after this many batches, until interrupted. */
  stallAfterBatches = Number.POSITIVE_INFINITY;
  interrupts = 0;
  #cutOff: (() => void) | undefined;
  async interrupt(): Promise<void> {
    this.interrupts += 1;
    this.#cutOff?.();
  }
  async checkQuery(): Promise<Result<void, AdapterError>> {
    return Ok(undefined);
  }
  async close(): Promise<void> {}
}

function memoryState(): ConnectorStateStore & { values: Map<string, Uint8Array> } {
  const values = new Map<string, Uint8Array>();
  return {
    values,
    load: async (key) => values.get(key) ?? null,
    save: async (key, value) => void values.set(key, value),
    delete: async (key) => void values.delete(key),
  };
}

const ingest: DatabaseIngestConfig = {
  intervalMs: 1000,
  chunkSize: 2,
  tables: [
    {
      table: "a",
      query: "missing",
      rowIdColumn: "id",
      strategy: { type: "cursor", cursorColumn: "v" },
    },
    { table: "b", query: "b", rowIdColumn: "id", strategy: { type: "cursor", cursorColumn: "v" } },
  ],
};

/** A diff table over the source's `d` rows. */
const diffTable: DatabaseIngestConfig["tables"][number] = {
  table: "d",
  query: "d",
  rowIdColumn: "id",
  strategy: { type: "diff" },
};

const signal = new AbortController().signal;

/** A poll of table `b` alone (cursor strategy), in batches of `batchSize`. */
function pollOfB(options: {
  source: ArraySource;
  gateway: SyncGateway;
  state: ConnectorStateStore;
  batchSize: number;
  chunkSize?: number;
}) {
  const { source, gateway, state, batchSize, chunkSize = ingest.chunkSize } = options;
  return createDatabaseIngestPoll({
    source,
    connector: "db",
    ingest: { ...ingest, chunkSize, tables: ingest.tables.slice(1) },
    gateway,
    state,
    batchSize,
  });
}

describe("createDatabaseIngestPoll", () => {
  it("refuses a bad batchSize or connector name at construction", () => {
    const base = {
      source: new ArraySource({}),
      connector: "db",
      ingest,
      gateway: new SyncGateway({ gatewayId: "gw" }),
      state: memoryState(),
    };
    expect(() => createDatabaseIngestPoll({ ...base, batchSize: 0 })).toThrow(RangeError);
    expect(() => createDatabaseIngestPoll({ ...base, connector: "" })).toThrow(TypeError);
  });

  it("still polls the other tables when one fails, then reports the failure by table", async () => {
    const gateway = new SyncGateway({ gatewayId: "gw" });
    const state = memoryState();
    const source = new ArraySource({
      b: [1, 2, 3].map((id) => ({ id, v: 10, title: `t${id}` })),
    });
    const poll = createDatabaseIngestPoll({ source, connector: "db", ingest, gateway, state });
    const result = await poll(signal);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.fatal).toBe(false);
      expect(result.error.code).toBe("ADAPTER_ERROR");
      expect(result.error.message).toBe('Table "a": relation "missing" does not exist');
    }
    expect(gateway.bufferStats.logSize).toBe(3);
    expect(new TextDecoder().decode(state.values.get(cursorStateKey("b")))).toBe(
      JSON.stringify({ value: 10, rowId: "3" }),
    );
  });

  it("waits as long as the longest Retry-After a failed table's source asked for", async () => {
    const limited = (table: string, ms: number) => ({
      table,
      query: `limited ${ms}`,
      rowIdColumn: "id",
      strategy: { type: "cursor" as const, cursorColumn: "v" },
    });
    const poll = createDatabaseIngestPoll({
      source: new ArraySource({ b: [{ id: 1, v: 1 }] }),
      connector: "db",
      ingest: {
        ...ingest,
        tables: [limited("x", 30_000), ...ingest.tables.slice(1), limited("y", 5_000)],
      },
      gateway: new SyncGateway({ gatewayId: "gw" }),
      state: memoryState(),
    });
    const result = await poll(signal);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.fatal).toBe(false);
      expect(result.error.retryAfterMs).toBe(30_000);
      expect(result.error.message).toBe(
        'Table "x": Rate limit exceeded; Table "y": Rate limit exceeded',
      );
    }
    const plain = await createDatabaseIngestPoll({
      source: new ArraySource({}),
      connector: "db",
      ingest,
      gateway: new SyncGateway({ gatewayId: "gw" }),
      state: memoryState(),
    })(signal);
    expect(plain.ok).toBe(false);
    if (!plain.ok) expect(plain.error.retryAfterMs).toBeUndefined();
  });

  it("saves a cursor only past rows its gateway's store holds, so a crash loses none", async () => {
    const store = new MemoryStore();
    // No flush of its own before the poll's end: accepted rows stay in memory meanwhile.
    const gateway = new SyncGateway({ gatewayId: "gw", store, flushThresholdBytes: 1 << 30 });
    const state = memoryState();
    const source = new ArraySource({ b: [1, 2, 3, 4, 5].map((id) => ({ id, v: id })) });
    const only = { ...ingest, tables: ingest.tables.slice(1) };
    // The process dies after two batches: the poll stops where it is (as at a stop).
    const dying = new AbortController();
    source.afterBatch = (batches) => {
      if (batches === 2) dying.abort();
    };
    const poll = (target: SyncGateway, signal: AbortSignal) =>
      createDatabaseIngestPoll({
        source,
        connector: "db",
        ingest: only,
        gateway: target,
        state,
        batchSize: 2,
      })(signal);
    expect((await poll(gateway, dying.signal)).ok).toBe(false);
    // Rows 1 to 4 were accepted in two chunks, but only into the buffer: no cursor yet.
    expect(gateway.bufferStats.logSize).toBe(4);
    expect(store.size).toBe(0);
    expect(state.values.has(cursorStateKey("b"))).toBe(false);

    // The process dies with its buffer; a new gateway on the same store reads from the start.
    source.afterBatch = undefined;
    const restarted = new SyncGateway({ gatewayId: "gw", store, flushThresholdBytes: 1 << 30 });
    expect(await poll(restarted, signal)).toEqual({ ok: true, value: { deltasPushed: 5 } });
    expect(store.size).toBe(5);
    expect(new TextDecoder().decode(state.values.get(cursorStateKey("b")))).toBe(
      JSON.stringify({ value: 5, rowId: "5" }),
    );
  });

  it("keeps what a source sent before it failed: stored, the cursor past it, not sent again", async () => {
    const store = new MemoryStore();
    const gateway = new SyncGateway({ gatewayId: "gw", store, flushThresholdBytes: 1 << 30 });
    const state = memoryState();
    const source = new ArraySource({ b: [1, 2, 3, 4, 5, 6].map((id) => ({ id, v: id })) });
    // Chunks of 4: row 3 is read but not yet pushed when the source fails.
    const poll = pollOfB({ source, gateway, state, batchSize: 3, chunkSize: 4 });
    source.failAfterBatches = 1;
    const failed = await poll(signal);
    expect(failed.ok).toBe(false);
    if (!failed.ok) expect(failed.error.message).toMatch(/Connection terminated unexpectedly/);
    expect(store.size).toBe(3);
    expect(new TextDecoder().decode(state.values.get(cursorStateKey("b")))).toBe(
      JSON.stringify({ value: 3, rowId: "3" }),
    );

    source.failAfterBatches = Number.POSITIVE_INFINITY;
    expect(await poll(signal)).toEqual({ ok: true, value: { deltasPushed: 3 } });
    const { deltas } = unwrap(await gateway.pull({ clientId: "x", since: 0n }));
    expect(deltas.map((d) => d.rowId)).toEqual(["1", "2", "3", "4", "5", "6"]);
  });

  it("reports the source's failure, and reads again from the saved cursor, when the rows it read cannot be stored", async () => {
    let storeDown = true;
    class FlakyStore extends MemoryStore {
      override async insertDeltas(...args: Parameters<MemoryStore["insertDeltas"]>) {
        if (storeDown) return Err(new AdapterError("store down"));
        return super.insertDeltas(...args);
      }
    }
    const store = new FlakyStore();
    const gateway = new SyncGateway({ gatewayId: "gw", store, flushThresholdBytes: 1 << 30 });
    const state = memoryState();
    const source = new ArraySource({ b: [1, 2, 3, 4].map((id) => ({ id, v: id })) });
    const poll = pollOfB({ source, gateway, state, batchSize: 2 });
    source.failAfterBatches = 1;
    const failed = await poll(signal);
    expect(failed.ok).toBe(false);
    if (!failed.ok) {
      expect(failed.error.message).toBe('Table "b": Connection terminated unexpectedly');
    }
    expect(state.values.has(cursorStateKey("b"))).toBe(false);
    // Nothing is lost: the next poll reads from the start (rows 1 and 2 go out again).
    storeDown = false;
    source.failAfterBatches = Number.POSITIVE_INFINITY;
    expect(await poll(signal)).toEqual({ ok: true, value: { deltasPushed: 4 } });
    expect(store.size).toBe(6);
  });

  it("keeps the rows a diff read saw before its source failed; deletions wait for a whole read", async () => {
    const store = new MemoryStore();
    const gateway = new SyncGateway({ gatewayId: "gw", store, flushThresholdBytes: 1 << 30 });
    const state = memoryState();
    const rows = [1, 2, 3, 4, 5].map((id) => ({ id, v: id }));
    const source = new ArraySource({ d: rows });
    const poll = createDatabaseIngestPoll({
      source,
      connector: "db",
      ingest: {
        ...ingest,
        tables: [diffTable],
      },
      gateway,
      state,
      batchSize: 2,
    });
    source.failAfterBatches = 1;
    expect((await poll(signal)).ok).toBe(false);
    expect(store.size).toBe(2);
    expect(state.values.has(snapshotStateKey("d"))).toBe(true);

    // Row 1 changed meanwhile; row 2 is gone, but this read fails before its end again.
    source.tables.d = [{ id: 1, v: 10 }, ...rows.slice(2)];
    expect((await poll(signal)).ok).toBe(false);
    // Read whole: only rows 4 and 5 are new, and row 2's deletion is found.
    source.failAfterBatches = Number.POSITIVE_INFINITY;
    expect(await poll(signal)).toEqual({ ok: true, value: { deltasPushed: 3 } });
    const { deltas } = unwrap(await gateway.pull({ clientId: "x", since: 0n }));
    expect(deltas.map((d) => `${d.op} ${d.rowId}`)).toEqual([
      "INSERT 1",
      "INSERT 2",
      "UPDATE 1",
      "INSERT 3",
      "INSERT 4",
      "INSERT 5",
      "DELETE 2",
    ]);
  });

  it("keeps a diff read's rows in memory when its snapshot cannot be saved after its source failed", async () => {
    const store = new MemoryStore();
    const gateway = new SyncGateway({ gatewayId: "gw", store, flushThresholdBytes: 1 << 30 });
    const state = memoryState();
    const save = state.save;
    let refusals = 1;
    state.save = async (key, value) => {
      if (refusals-- > 0) throw new Error("disk full");
      await save(key, value);
    };
    const source = new ArraySource({ d: [1, 2, 3, 4, 5].map((id) => ({ id, v: id })) });
    const poll = createDatabaseIngestPoll({
      source,
      connector: "db",
      ingest: { ...ingest, tables: [diffTable] },
      gateway,
      state,
      batchSize: 2,
    });
    source.failAfterBatches = 1;
    const failed = await poll(signal);
    // The source's failure is the one reported; the snapshot's is the lesser.
    expect(failed.ok).toBe(false);
    if (!failed.ok) expect(failed.error.message).toContain("Connection terminated unexpectedly");
    expect(store.size).toBe(2);
    expect(state.values.has(snapshotStateKey("d"))).toBe(false);

    // This process still knows rows 1 and 2 were sent: only 3 to 5 go out.
    source.failAfterBatches = Number.POSITIVE_INFINITY;
    expect(await poll(signal)).toEqual({ ok: true, value: { deltasPushed: 3 } });
    expect(state.values.has(snapshotStateKey("d"))).toBe(true);
  });

  it("reports a snapshot it cannot save as that failure, after a whole read", async () => {
    const state = memoryState();
    state.save = async () => {
      throw new Error("disk full");
    };
    const poll = createDatabaseIngestPoll({
      source: new ArraySource({ d: [{ id: 1, v: 1 }] }),
      connector: "db",
      ingest: {
        ...ingest,
        tables: [diffTable],
      },
      gateway: new SyncGateway({ gatewayId: "gw" }),
      state,
    });
    const result = await poll(signal);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toBe('Table "d": disk full');
  });

  it("cuts off a read that sends nothing for readTimeoutMs, then resumes after its last row", async () => {
    const rows = [1, 2, 3, 4].map((id) => ({ id, v: id }));
    const source = new ArraySource({ s: rows });
    source.stallAfterBatches = 1;
    const config: DatabaseIngestConfig = {
      ...ingest,
      readTimeoutMs: 1000,
      tables: [
        {
          table: "s",
          query: "s",
          rowIdColumn: "id",
          strategy: { type: "cursor", cursorColumn: "v" },
        },
      ],
    };
    const gateway = new SyncGateway({ gatewayId: "gw" });
    const options = { source, connector: "db", ingest: config, gateway, state: memoryState() };
    const poll = createDatabaseIngestPoll({ ...options, batchSize: 2 });
    const stalled = await poll(signal);
    expect(stalled.ok).toBe(false);
    if (!stalled.ok) {
      expect(stalled.error.message).toBe(
        'Table "s": No rows from the database within 1 s: the read was cut off and is tried again at the next poll',
      );
      expect(stalled.error.fatal).toBe(false);
    }
    expect(source.interrupts).toBe(1);
    source.stallAfterBatches = Number.POSITIVE_INFINITY;
    expect(await poll(signal)).toEqual({ ok: true, value: { deltasPushed: 2 } });
    const pulled = await gateway.pull({ since: 0n, clientId: "reader" });
    expect(pulled.ok && pulled.value.deltas.map((d) => d.rowId)).toEqual(["1", "2", "3", "4"]);
  });

  it("reports its progress after each source batch, over the tables, and its end", async () => {
    const seen: { table: string; rowsRead: number; deltasPushed: number; done: boolean }[] = [];
    let failed: boolean | undefined;
    const rows = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ id: i + 1, v: i + 1, title: `t${i}` }));
    const tables: DatabaseIngestConfig["tables"] = [
      {
        table: "b",
        query: "b",
        rowIdColumn: "id",
        strategy: { type: "cursor", cursorColumn: "v" },
      },
      // Failing tables report what they had read.
      { table: "a", query: "missing", rowIdColumn: "id", strategy: { type: "diff" } },
      diffTable,
    ];
    const poll = createDatabaseIngestPoll({
      source: new ArraySource({ b: rows(5), d: rows(3) }),
      connector: "db",
      ingest: { ...ingest, tables },
      gateway: new SyncGateway({ gatewayId: "gw" }),
      state: memoryState(),
      batchSize: 2,
      onProgress: (p) => {
        seen.push({
          table: p.table,
          rowsRead: p.rowsRead,
          deltasPushed: p.deltasPushed,
          done: p.done,
        });
        if (p.done) failed = p.failed;
      },
    });
    expect((await poll(signal)).ok).toBe(false);
    // Chunks of 2: a batch's deltas are accepted once a chunk fills, the rest at the end.
    expect(seen).toEqual([
      { table: "b", rowsRead: 2, deltasPushed: 2, done: false },
      { table: "b", rowsRead: 4, deltasPushed: 4, done: false },
      { table: "b", rowsRead: 5, deltasPushed: 4, done: false },
      { table: "d", rowsRead: 7, deltasPushed: 7, done: false },
      { table: "d", rowsRead: 8, deltasPushed: 7, done: false },
      { table: "d", rowsRead: 8, deltasPushed: 8, done: true },
    ]);
    // Table "a" failed, so the poll did.
    expect(failed).toBe(true);
  });

  it("reads from the start when the stored cursor is unreadable", async () => {
    const gateway = new SyncGateway({ gatewayId: "gw" });
    const state = memoryState();
    await state.save(cursorStateKey("b"), new TextEncoder().encode("{not json"));
    const source = new ArraySource({ b: [{ id: 1, v: 1 }] });
    const poll = createDatabaseIngestPoll({
      source,
      connector: "db",
      ingest: { ...ingest, tables: ingest.tables.slice(1) },
      gateway,
      state,
    });
    expect(await poll(signal)).toEqual({ ok: true, value: { deltasPushed: 1 } });
  });

  it("saves a diff snapshot when a poll changed something, and only then", async () => {
    const state = memoryState();
    const saves: string[] = [];
    const counting = {
      ...state,
      save: (key: string, value: Uint8Array) => {
        saves.push(key);
        return state.save(key, value);
      },
    };
    const rows = [1, 2].map((id) => ({ id, title: `t${id}` }));
    const source = new ArraySource({ d: rows });
    const diff: DatabaseIngestConfig = {
      ...ingest,
      tables: [diffTable],
    };
    const gateway = new SyncGateway({ gatewayId: "gw" });
    const options = { source, connector: "db", ingest: diff, gateway, state: counting };
    const poll = createDatabaseIngestPoll(options);
    expect(await poll(signal)).toEqual({ ok: true, value: { deltasPushed: 2 } });
    expect(await poll(signal)).toEqual({ ok: true, value: { deltasPushed: 0 } });
    expect(saves).toEqual(["snapshot:d"]);
    rows[1] = { id: 2, title: "changed" };
    expect(await poll(signal)).toEqual({ ok: true, value: { deltasPushed: 1 } });
    expect(saves).toEqual(["snapshot:d", "snapshot:d"]);
    // A restarted poller restores the last saved snapshot: nothing to send again.
    const restarted = createDatabaseIngestPoll(options);
    expect(await restarted(signal)).toEqual({ ok: true, value: { deltasPushed: 0 } });
  });

  it("warns by table when a diff query gives one row id to several rows, each poll it does", async () => {
    const rows: Row[] = [
      { id: 1, title: "first" },
      { id: 2, title: "two" },
      { id: 1, title: "second" },
      { id: 1, title: "third" },
    ];
    const source = new ArraySource({ d: rows, e: [{ id: 1, title: "unique" }] });
    const diff: DatabaseIngestConfig = {
      ...ingest,
      tables: [
        diffTable,
        { table: "e", query: "e", rowIdColumn: "id", strategy: { type: "diff" } },
      ],
    };
    const gateway = new SyncGateway({ gatewayId: "gw" });
    const poll = createDatabaseIngestPoll({
      source,
      connector: "db",
      ingest: diff,
      gateway,
      state: memoryState(),
    });
    const warning =
      'Table "d": 2 rows repeated a row id (rowIdColumn "id") already read in this poll and were skipped (the first row with each id is kept; without a stable order the kept row can change between polls). Make the query give each row a unique id';
    // Every poll warns; the first row of each id is kept, so a stable order changes nothing.
    expect(await poll(signal)).toEqual({
      ok: true,
      value: { deltasPushed: 3, warnings: [warning] },
    });
    expect(await poll(signal)).toEqual({
      ok: true,
      value: { deltasPushed: 0, warnings: [warning] },
    });
    // The repeats gone: the kept rows are what they were, nothing to send.
    rows.splice(2);
    expect(await poll(signal)).toEqual({ ok: true, value: { deltasPushed: 0 } });
    const pulled = await gateway.pull({ since: 0n, clientId: "reader" });
    const d = pulled.ok ? pulled.value.deltas.filter((x) => x.table === "d") : [];
    expect(d.map((x) => [x.rowId, x.columns.find((c) => c.column === "title")?.value])).toEqual([
      ["1", "first"],
      ["2", "two"],
    ]);
  });

  it("sends a diff table's rows again, as INSERTs, when its saved snapshot is of an older format", async () => {
    const state = memoryState();
    const source = new ArraySource({ d: [1, 2, 3].map((id) => ({ id, title: `t${id}` })) });
    const diff: DatabaseIngestConfig = {
      ...ingest,
      tables: [diffTable],
    };
    const options = { source, connector: "db", ingest: diff, state };
    const first = createDatabaseIngestPoll({
      ...options,
      gateway: new SyncGateway({ gatewayId: "gw" }),
    });
    expect(await first(signal)).toEqual({ ok: true, value: { deltasPushed: 3 } });
    // The same snapshot as saved by a version whose column hashes differ (format byte 2).
    const saved = state.values.get(snapshotStateKey("d")) as Uint8Array;
    await state.save(
      snapshotStateKey("d"),
      Uint8Array.from(saved, (b, i) => (i === 4 ? 2 : b)),
    );
    const gateway = new SyncGateway({ gatewayId: "gw" });
    const upgraded = createDatabaseIngestPoll({ ...options, gateway });
    expect(await upgraded(signal)).toEqual({ ok: true, value: { deltasPushed: 3 } });
    const { deltas } = unwrap(await gateway.pull({ clientId: "x", since: 0n }));
    expect(deltas.map((d) => d.op)).toEqual(["INSERT", "INSERT", "INSERT"]);
    // Its new snapshot is of the current format: the next poll sends nothing.
    expect(await upgraded(signal)).toEqual({ ok: true, value: { deltasPushed: 0 } });
  });

  it("reads the wall clock once a source batch that makes deltas, and stamps each delta past the one before", async () => {
    let wallReads = 0;
    const hlc = new HLC({
      now: () => {
        wallReads += 1;
        return 1_700_000_000_000;
      },
    });
    const rows = [1, 2, 3, 4, 5].map((id) => ({ id, v: id }));
    const source = new ArraySource({ b: rows, d: rows.slice() });
    const gateway = new SyncGateway({ gatewayId: "gw" });
    const poll = createDatabaseIngestPoll({
      source,
      connector: "db",
      ingest: {
        ...ingest,
        tables: [...ingest.tables.slice(1), diffTable],
      },
      gateway,
      state: memoryState(),
      hlc,
      batchSize: 2,
    });
    // Five rows in batches of two, a table: three batches each.
    expect(await poll(signal)).toEqual({ ok: true, value: { deltasPushed: 10 } });
    expect(wallReads).toBe(6);
    // Nothing new in the cursor table, nothing changed in the diff table's rows: no reads.
    // Its deletions are stamped as one batch more.
    source.tables.d = rows.slice(0, 3);
    wallReads = 0;
    expect(await poll(signal)).toEqual({ ok: true, value: { deltasPushed: 2 } });
    expect(wallReads).toBe(1);
    const { deltas } = unwrap(await gateway.pull({ clientId: "x", since: 0n }));
    const stamps = deltas.map((d) => d.hlc);
    expect(stamps).toHaveLength(12);
    for (let i = 1; i < stamps.length; i++) {
      expect(stamps[i] as bigint).toBeGreaterThan(stamps[i - 1] as bigint);
    }
  });

  it("answers an aborted poll at once without reading", async () => {
    const controller = new AbortController();
    controller.abort();
    const poll = createDatabaseIngestPoll({
      source: new ArraySource({ b: [{ id: 1, v: 1 }] }),
      connector: "db",
      ingest,
      gateway: new SyncGateway({ gatewayId: "gw" }),
      state: memoryState(),
    });
    const result = await poll(controller.signal);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/aborted/);
  });
});
