import {
  type DatabaseIngestConfig,
  LakeSyncError,
  type PushTarget,
  type RowDelta,
} from "@lakesync/core";
import { createDatabaseIngestPoll, cursorStateKey, SyncGateway } from "@lakesync/gateway";
import { MemoryStateStore, mergedRows, pullAll } from "@lakesync/gateway/connector-kit";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { postgresJsClient } from "../clients/postgres-js-client.js";
import type { SqlClient } from "../sql-client.js";
import { PG_TEST_URL, pgTestTarget } from "../testing/targets.js";
import { PostgresSqlSource } from "./postgres-sql-source.js";

// The shared database ingest poller (@lakesync/gateway) on real PostgreSQL, into a real
// SyncGateway.

const target = pgTestTarget();
let client: SqlClient;
let dispose: () => Promise<void>;
let source: PostgresSqlSource;
let gateway: SyncGateway;
let state: MemoryStateStore;

beforeAll(() => target.ready());
afterAll(() => target.end());
beforeEach(async () => {
  ({ client, dispose } = await target.freshClient());
  source = new PostgresSqlSource(client, { ownsClient: false });
  gateway = new SyncGateway({ gatewayId: "gw" });
  state = new MemoryStateStore();
});
afterEach(() => dispose());

const signal = new AbortController().signal;

function cursorIngest(overrides: Partial<DatabaseIngestConfig> = {}): DatabaseIngestConfig {
  return {
    intervalMs: 1000,
    chunkSize: 100,
    tables: [
      {
        table: "items",
        query: "select * from items",
        rowIdColumn: "id",
        strategy: { type: "cursor", cursorColumn: "updated_at" },
      },
    ],
    ...overrides,
  };
}

function diffIngest(): DatabaseIngestConfig {
  return {
    intervalMs: 1000,
    chunkSize: 100,
    tables: [
      {
        table: "flags",
        query: "select id, name, enabled from flags",
        rowIdColumn: "id",
        strategy: { type: "diff" },
      },
    ],
  };
}

function poller(
  ingest: DatabaseIngestConfig,
  push: PushTarget = gateway,
  batchSize = 50,
  from: PostgresSqlSource = source,
) {
  return createDatabaseIngestPoll({
    source: from,
    connector: "pg",
    ingest,
    gateway: push,
    state,
    batchSize,
  });
}

/** Every delta the gateway accepted, oldest first. */
async function accepted(): Promise<RowDelta[]> {
  return (await pullAll(gateway)).deltas;
}

/** The rows the accepted deltas add up to, by row id. */
const merged = mergedRows;

/**
 * A transaction on a connection of its own (of `on`, the test's client by default) that runs
 * `statements`, held open until `commit`.
 */
async function openTransaction(
  statements: string | string[],
  on: SqlClient = client,
): Promise<{ commit(): Promise<void> }> {
  let commit = () => {};
  const held = new Promise<void>((resolve) => {
    commit = resolve;
  });
  let ran = () => {};
  const running = new Promise<void>((resolve) => {
    ran = resolve;
  });
  const done = on.transaction(async (tx) => {
    for (const statement of [statements].flat()) await tx.query(statement);
    ran();
    await held;
  });
  await Promise.race([running, done]);
  return {
    async commit() {
      commit();
      await done;
    },
  };
}

async function createItems(): Promise<void> {
  await client.query(
    "create table items (id int primary key, title text not null, updated_at timestamptz not null default clock_timestamp())",
  );
}

describe("database ingest poller, cursor strategy (PostgreSQL → SyncGateway)", () => {
  it("pushes inserts, then an UPDATE that bumps updated_at exactly once", async () => {
    await createItems();
    await client.query(
      "insert into items (id, title) select i, 'item ' || i from generate_series(1, 3) i",
    );
    const poll = poller(cursorIngest());

    const first = await poll(signal);
    expect(first).toEqual({ ok: true, value: { deltasPushed: 3 } });
    const deltas = await accepted();
    expect(deltas.map((d) => [d.op, d.rowId, d.clientId])).toEqual([
      ["INSERT", "1", "ingest:pg"],
      ["INSERT", "2", "ingest:pg"],
      ["INSERT", "3", "ingest:pg"],
    ]);
    // The cursor column travels as exact text, microseconds included.
    const stamp = deltas[0]?.columns.find((c) => c.column === "updated_at")?.value;
    expect(stamp).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{1,6}\+00$/);

    await client.query(
      "update items set title = 'renamed', updated_at = clock_timestamp() where id = 2",
    );
    expect(await poll(signal)).toEqual({ ok: true, value: { deltasPushed: 1 } });
    expect(await poll(signal)).toEqual({ ok: true, value: { deltasPushed: 0 } });
    const all = await accepted();
    expect(all).toHaveLength(4);
    expect(merged(all).get("2")?.title).toBe("renamed");
    expect(JSON.parse(state.text(cursorStateKey("items")) ?? "null")).toMatchObject({ rowId: "2" });
  });

  it("neither loses nor repeats rows sharing one timestamp across pages and polls", async () => {
    await createItems();
    const ts = "2024-05-01 12:00:00.654321+00";
    await client.query(
      "insert into items select i, 'a' || i, $1::text::timestamptz from generate_series(1, 230) i",
      [ts],
    );
    const poll = poller(cursorIngest({ chunkSize: 40 }), gateway, 17);
    expect(await poll(signal)).toEqual({ ok: true, value: { deltasPushed: 230 } });
    // More rows at the same instant, with higher ids, arrive after the cursor stopped on it.
    await client.query(
      "insert into items select i, 'b' || i, $1::text::timestamptz from generate_series(231, 300) i",
      [ts],
    );
    expect(await poll(signal)).toEqual({ ok: true, value: { deltasPushed: 70 } });
    expect(await poll(signal)).toEqual({ ok: true, value: { deltasPushed: 0 } });
    const all = await accepted();
    expect(all).toHaveLength(300);
    expect(new Set(all.map((d) => d.rowId)).size).toBe(300);
  });

  it.each(["timestamptz", "timestamptz(3)"])(
    "waits for a transaction still writing to the table, so a late commit is not passed (%s)",
    async (type) => {
      await createItems();
      await client.query(`alter table items alter column updated_at type ${type}`);
      await client.query("insert into items (id, title) values (1, 'one'), (2, 'two')");
      const poll = poller(cursorIngest());
      expect(await poll(signal)).toEqual({ ok: true, value: { deltasPushed: 2 } });

      // A transaction stamps its row when it begins, and commits after later rows were read.
      const writer = await openTransaction(
        "insert into items (id, title, updated_at) values (3, 'late', now())",
      );
      await client.query("insert into items (id, title) values (4, 'later')");
      // Row 4 is newer than the open transaction's start: it waits with it.
      expect(await poll(signal)).toEqual({ ok: true, value: { deltasPushed: 0 } });
      await writer.commit();
      expect(await poll(signal)).toEqual({ ok: true, value: { deltasPushed: 2 } });
      expect(await poll(signal)).toEqual({ ok: true, value: { deltasPushed: 0 } });
      const rows = merged(await accepted());
      expect([...rows.keys()].sort()).toEqual(["1", "2", "3", "4"]);
      expect(rows.get("3")?.title).toBe("late");
    },
  );

  it("counts a transaction that locked rows to update them (SELECT ... FOR UPDATE) as a writer", async () => {
    await createItems();
    await client.query("insert into items (id, title) values (1, 'one')");
    const poll = poller(cursorIngest());
    expect(await poll(signal)).toEqual({ ok: true, value: { deltasPushed: 1 } });
    const locker = await openTransaction("select * from items where id = 1 for update");
    await client.query("insert into items (id, title) values (2, 'two')");
    expect(await poll(signal)).toEqual({ ok: true, value: { deltasPushed: 0 } });
    await locker.commit();
    expect(await poll(signal)).toEqual({ ok: true, value: { deltasPushed: 1 } });
  });

  it("names on its warnings a transaction that holds the table's rows back", async () => {
    await createItems();
    const writer = await openTransaction("insert into items (id, title) values (1, 'one')");
    try {
      await client.query("insert into items (id, title) values (2, 'two')");
      const watchful = new PostgresSqlSource(client, {
        ownsClient: false,
        heldBackWarningSeconds: 0,
      });
      const result = await poller(cursorIngest(), gateway, 50, watchful)(signal);
      expect(result.ok && result.value.deltasPushed).toBe(0);
      expect(result.ok && result.value.warnings).toEqual([
        expect.stringMatching(
          /^Table "items": rows changed since \S+ \S+ wait for a transaction open since then that wrote to the query's tables \(pid \d+\); they are read once it ends$/,
        ),
      ]);
      // Under the threshold (60 s by default), nothing is said.
      const quiet = await poller(cursorIngest())(signal);
      expect(quiet).toEqual({ ok: true, value: { deltasPushed: 0 } });
    } finally {
      await writer.commit();
    }
    expect(await poller(cursorIngest())(signal)).toEqual({ ok: true, value: { deltasPushed: 2 } });
  });

  it("warns that late commits may be missed when a writer's start is hidden from its role", async () => {
    await createItems();
    const [{ schema } = { schema: "" }] = await client.query<{ schema: string }>(
      "select current_schema() as schema",
    );
    const tag = `${process.pid}_${Date.now().toString(36)}`;
    const [reader, writer] = [`lakesync_reader_${tag}`, `lakesync_writer_${tag}`];
    const as = (role: string) => {
      const url = new URL(PG_TEST_URL);
      url.username = role;
      url.password = "";
      url.searchParams.set("search_path", schema);
      return url.toString();
    };
    for (const role of [reader, writer]) {
      await client.query(`create role ${role} login`);
      await client.query(`grant usage on schema "${schema}" to ${role}`);
    }
    await client.query(`grant select on items to ${reader}`);
    await client.query(`grant insert on items to ${writer}`);
    const readerClient = postgresJsClient(as(reader), { max: 2 });
    const writerClient = postgresJsClient(as(writer), { max: 1 });
    const writing = await openTransaction(
      "insert into items (id, title) values (1, 'theirs')",
      writerClient,
    );
    try {
      const hidden = new PostgresSqlSource(readerClient, { ownsClient: false });
      const result = await poller(cursorIngest(), gateway, 50, hidden)(signal);
      expect(result.ok && result.value.warnings).toEqual([
        `Table "items": transactions whose start this role cannot see (other roles' sessions, prepared transactions) hold write locks on the query's tables: rows they commit late may be missed (GRANT pg_read_all_stats TO the connector's role)`,
      ]);
    } finally {
      await writing.commit();
      await readerClient.close();
      await writerClient.close();
      await client.query(`drop owned by ${reader}, ${writer}`);
      await client.query(`drop role ${reader}`);
      await client.query(`drop role ${writer}`);
    }
  });

  it("is not held back by an open transaction that only read the table, or wrote elsewhere", async () => {
    await createItems();
    await client.query("create table other (id int)");
    const poll = poller(cursorIngest());
    const reader = await openTransaction([
      "select count(*) from items",
      "insert into other values (1)",
    ]);
    try {
      await client.query("insert into items (id, title) values (1, 'one')");
      expect(await poll(signal)).toEqual({ ok: true, value: { deltasPushed: 1 } });
    } finally {
      await reader.commit();
    }
  });

  it("documents its limit: a row stamped before its transaction wrote to the table, committed late, is seen only once it changes again", async () => {
    await createItems();
    await client.query("insert into items (id, title) values (1, 'one'), (2, 'two')");
    const poll = poller(cursorIngest());
    expect((await poll(signal)).ok).toBe(true);

    // A row written with a timestamp from before the cursor passed (here: explicitly old).
    await client.query(
      "insert into items (id, title, updated_at) values (3, 'late', now() - interval '1 hour')",
    );
    expect(await poll(signal)).toEqual({ ok: true, value: { deltasPushed: 0 } });
    // What the strategy guarantees: any later change to that row carries it over, once.
    await client.query("update items set updated_at = clock_timestamp() where id = 3");
    expect(await poll(signal)).toEqual({ ok: true, value: { deltasPushed: 1 } });
    expect(merged(await accepted()).get("3")?.title).toBe("late");
  });

  it("resumes a large initial sync interrupted after some chunks without duplicates", async () => {
    await createItems();
    await client.query(
      "insert into items (id, title) select i, 'item ' || i from generate_series(1, 2000) i",
    );
    // The gateway goes away after 5 accepted chunks (a crash, as far as the poller knows).
    let pushes = 0;
    const failing: PushTarget = {
      push: (msg) =>
        ++pushes > 5
          ? Promise.resolve({
              ok: false as const,
              error: new LakeSyncError("INTERNAL", "gateway went away"),
            })
          : gateway.push(msg),
    };
    const interrupted = await poller(cursorIngest(), failing, 300)(signal);
    expect(interrupted.ok).toBe(false);
    if (!interrupted.ok) {
      expect(interrupted.error.fatal).toBe(false);
      expect(interrupted.error.message).toMatch(/Table "items": the gateway refused a push/);
    }
    expect(await accepted()).toHaveLength(500);
    expect(JSON.parse(state.text(cursorStateKey("items")) ?? "null")).toMatchObject({
      rowId: "500",
    });

    // A new process: a new poll on the persisted state.
    const resumed = await poller(cursorIngest(), gateway, 300)(signal);
    expect(resumed).toEqual({ ok: true, value: { deltasPushed: 1500 } });
    const all = await accepted();
    expect(all).toHaveLength(2000);
    expect(new Set(all.map((d) => d.rowId)).size).toBe(2000);
  });

  it("answers a retryable error while the table is gone, then resumes where it was", async () => {
    await createItems();
    await client.query("insert into items (id, title) values (1, 'one')");
    const poll = poller(cursorIngest());
    expect((await poll(signal)).ok).toBe(true);

    await client.query("alter table items rename to items_away");
    const down = await poll(signal);
    expect(down.ok).toBe(false);
    if (!down.ok) {
      expect(down.error.fatal).toBe(false);
      expect(down.error.code).toBe("ADAPTER_ERROR");
      expect(down.error.message).toMatch(/Table "items": .*relation "items" does not exist/);
    }
    await client.query("insert into items_away (id, title) values (2, 'two')");
    await client.query("alter table items_away rename to items");
    expect(await poll(signal)).toEqual({ ok: true, value: { deltasPushed: 1 } });
    expect((await accepted()).map((d) => d.rowId)).toEqual(["1", "2"]);
  });

  it("answers a retryable error without the password when the database is unreachable, and recovers", async () => {
    await createItems();
    await client.query("insert into items (id, title) values (1, 'one')");
    const secret = "pw-not-to-show";
    const unreachable = new PostgresSqlSource(
      postgresJsClient(`postgres://lakesync:${secret}@127.0.0.1:1/db`, {
        connectTimeoutSeconds: 2,
      }),
    );
    const downPoll = createDatabaseIngestPoll({
      source: unreachable,
      connector: "pg",
      ingest: cursorIngest(),
      gateway,
      state,
    });
    const down = await downPoll(signal);
    await unreachable.close();
    expect(down.ok).toBe(false);
    if (!down.ok) {
      expect(down.error.fatal).toBe(false);
      expect(down.error.message).toMatch(/ECONNREFUSED/);
      expect(down.error.message).not.toContain(secret);
    }
    // Back up (the same state, the reachable database): nothing was lost.
    expect(await poller(cursorIngest())(signal)).toEqual({ ok: true, value: { deltasPushed: 1 } });
  });

  it("recovers after its backends are terminated (pg_terminate_backend)", async () => {
    await createItems();
    await client.query("insert into items (id, title) values (1, 'one')");
    const [where] = await client.query<{ schema: string }>("select current_schema() as schema");
    const app = `lakesync_poll_${Date.now().toString(36)}`;
    const own = postgresJsClient(
      `${PG_TEST_URL}${PG_TEST_URL.includes("?") ? "&" : "?"}search_path=${where?.schema}&application_name=${app}`,
      { max: 2, connectTimeoutSeconds: 5 },
    );
    const poll = createDatabaseIngestPoll({
      source: new PostgresSqlSource(own),
      connector: "pg",
      ingest: cursorIngest(),
      gateway,
      state,
    });
    try {
      expect((await poll(signal)).ok).toBe(true);
      await client.query("insert into items (id, title) values (2, 'two')");
      const [cut] = await client.query<{ n: number }>(
        `select count(*) filter (where pg_terminate_backend(pid))::int as n
           from (select pid from pg_stat_activity
                  where application_name = $1::text and pid <> pg_backend_pid() offset 0) as mine`,
        [app],
      );
      expect(cut?.n).toBeGreaterThanOrEqual(1);
      // The reused pooled connection was cut: that poll fails (ECONNRESET), retryable.
      let result = await poll(signal);
      if (!result.ok) {
        expect(result.error.fatal).toBe(false);
        result = await poll(signal);
      }
      expect(result).toEqual({ ok: true, value: { deltasPushed: 1 } });
      expect((await accepted()).map((d) => d.rowId)).toEqual(["1", "2"]);
    } finally {
      await own.close();
    }
  });

  it("names the table and the column when rows lack the row id column", async () => {
    await createItems();
    await client.query("insert into items (id, title) values (1, 'one')");
    const poll = poller(
      cursorIngest({
        tables: [
          {
            table: "items",
            query: "select title, updated_at from items",
            rowIdColumn: "id",
            strategy: { type: "cursor", cursorColumn: "updated_at" },
          },
        ],
      }),
    );
    const result = await poll(signal);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.fatal).toBe(false);
      expect(result.error.message).toMatch(/Table "items".*no column "id" \(rowIdColumn\)/);
    }
  });

  it("stops promptly once its signal is aborted", async () => {
    await createItems();
    await client.query(
      "insert into items (id, title) select i, 't' from generate_series(1, 500) i",
    );
    const controller = new AbortController();
    let pushes = 0;
    const aborting: PushTarget = {
      push: async (msg) => {
        if (++pushes === 1) controller.abort();
        return gateway.push(msg);
      },
    };
    const result = await poller(cursorIngest({ chunkSize: 50 }), aborting)(controller.signal);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/aborted/);
    expect(pushes).toBe(1);
  });
});

describe("database ingest poller, diff strategy (PostgreSQL → SyncGateway)", () => {
  it("pushes inserts, column-level updates and hard deletes, and keeps its snapshot", async () => {
    await client.query(
      "create table flags (id text primary key, name text not null, enabled boolean not null)",
    );
    await client.query(
      "insert into flags values ('a', 'alpha', true), ('b', 'beta', false), ('c', 'gamma', true)",
    );
    const poll = poller(diffIngest());
    expect(await poll(signal)).toEqual({ ok: true, value: { deltasPushed: 3 } });

    await client.query("update flags set enabled = true where id = 'b'");
    await client.query("delete from flags where id = 'c'");
    await client.query("insert into flags values ('d', 'delta', false)");
    expect(await poll(signal)).toEqual({ ok: true, value: { deltasPushed: 3 } });
    const all = await accepted();
    const second = all.slice(3).map((d) => [d.op, d.rowId, d.columns]);
    expect(second).toEqual(
      expect.arrayContaining([
        ["UPDATE", "b", [{ column: "enabled", value: true }]],
        [
          "INSERT",
          "d",
          [
            { column: "id", value: "d" },
            { column: "name", value: "delta" },
            { column: "enabled", value: false },
          ],
        ],
        ["DELETE", "c", []],
      ]),
    );
    expect(await poll(signal)).toEqual({ ok: true, value: { deltasPushed: 0 } });

    // A restarted poller restores the saved snapshot: nothing is sent again.
    expect(await poller(diffIngest())(signal)).toEqual({ ok: true, value: { deltasPushed: 0 } });
    expect([...merged(await accepted()).keys()].sort()).toEqual(["a", "b", "d"]);
  });

  it("emits a cycle again when its pushes were not all accepted", async () => {
    await client.query("create table flags (id int primary key, name text, enabled boolean)");
    await client.query("insert into flags select i, 'f' || i, true from generate_series(1, 250) i");
    let pushes = 0;
    const flaky: PushTarget = {
      push: (msg) =>
        ++pushes === 2
          ? Promise.resolve({ ok: false as const, error: new LakeSyncError("INTERNAL", "down") })
          : gateway.push(msg),
    };
    expect((await poller(diffIngest(), flaky)(signal)).ok).toBe(false);
    expect(state.data.has("snapshot:flags")).toBe(false);
    expect(await poller(diffIngest())(signal)).toEqual({ ok: true, value: { deltasPushed: 250 } });
    expect(merged(await accepted()).size).toBe(250);
  });
});
