import {
  type DatabaseIngestConfig,
  LakeSyncError,
  type PushTarget,
  type RowDelta,
} from "@lakesync/core";
import {
  createDatabaseIngestPoll,
  cursorStateKey,
  SyncGateway,
  snapshotStateKey,
} from "@lakesync/gateway";
import { MemoryStateStore, mergedRows, pullAll } from "@lakesync/gateway/connector-kit";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { mysqlClient } from "../clients/mysql2-client.js";
import type { MySqlClient } from "../sql-client.js";
import { MYSQL_TEST_SERVER_NAME, mysqlTestServer } from "../testing/targets.js";
import { MySqlSqlSource } from "./mysql-sql-source.js";

// The shared database ingest poller (@lakesync/gateway) on real MariaDB or MySQL (LAKESYNC_TEST_MYSQL_URL),
// into a real SyncGateway: the MySQL twin of adapter-postgres' database-ingest.test.ts, with
// the faults a poller meets (restarts, dropped tables, an unreachable server, killed
// connections). Fails, never skips, when the server is unreachable. Each test has its own
// database and its own table names (suffixed with the pid and a counter).

const server = mysqlTestServer();
afterAll(() => server.end());

let db: Awaited<ReturnType<typeof server.freshDatabaseUrl>>;
let client: MySqlClient;
let source: MySqlSqlSource;
let gateway: SyncGateway;
let state: MemoryStateStore;

let tables = 0;
/** A table name no other test (nor another vitest worker) uses. */
function uniqueTable(base: string): string {
  tables += 1;
  return `${base}_${process.pid}_${tables}`;
}

beforeEach(async () => {
  db = await server.freshDatabaseUrl();
  client = db.client;
  source = new MySqlSqlSource(client, { ownsClient: false });
  gateway = new SyncGateway({ gatewayId: "gw" });
  state = new MemoryStateStore();
});
afterEach(() => db.drop());

const signal = new AbortController().signal;

/**
 * The numbers 1 to `n` (at most 10,000) as a derived table of one column `seq`, for
 * `INSERT ... SELECT`: MariaDB's `seq_1_to_n` tables are not in MySQL, and MySQL caps a
 * recursive CTE at 1,000 rows.
 */
function sequence(n: number): string {
  const digits =
    "(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)";
  return `(SELECT 1 + a.d + 10 * b.d + 100 * c.d + 1000 * e.d AS seq FROM ${digits} a, ${digits} b, ${digits} c, ${digits} e HAVING seq <= ${n}) AS s`;
}

function cursorIngest(
  table: string,
  overrides: Partial<DatabaseIngestConfig> = {},
): DatabaseIngestConfig {
  return {
    intervalMs: 1000,
    chunkSize: 100,
    tables: [
      {
        table,
        query: `SELECT * FROM \`${table}\``,
        rowIdColumn: "id",
        strategy: { type: "cursor", cursorColumn: "updated_at" },
      },
    ],
    ...overrides,
  };
}

function diffIngest(table: string, overrides: Partial<DatabaseIngestConfig> = {}) {
  return {
    intervalMs: 1000,
    chunkSize: 100,
    tables: [
      {
        table,
        query: `SELECT id, name, enabled FROM \`${table}\``,
        rowIdColumn: "id",
        strategy: { type: "diff" as const },
      },
    ],
    ...overrides,
  } satisfies DatabaseIngestConfig;
}

function poller(
  ingest: DatabaseIngestConfig,
  push: PushTarget = gateway,
  batchSize = 50,
  from: MySqlSqlSource = source,
) {
  return createDatabaseIngestPoll({
    source: from,
    connector: "my",
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

/** `items_<pid>_<n> (id INT, title, updated_at DATETIME(6))`, its name returned. */
async function createItems(): Promise<string> {
  const table = uniqueTable("items");
  await client.query(
    `CREATE TABLE \`${table}\` (id INT PRIMARY KEY, title VARCHAR(100) NOT NULL, updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), KEY by_cursor (updated_at, id))`,
  );
  return table;
}

/** Rows `first..last`, all stamped `at` (a DATETIME(6) text) or now. */
async function insertRange(
  table: string,
  first: number,
  last: number,
  prefix: string,
  at?: string,
): Promise<void> {
  await client.query(
    `INSERT INTO \`${table}\` (id, title, updated_at) SELECT seq + ${first - 1}, CONCAT(?, seq + ${first - 1}), ${at ? "?" : "NOW(6)"} FROM ${sequence(last - first + 1)}`,
    at ? [prefix, at] : [prefix],
  );
}

/** Row ids that appear more than once. */
function repeated(deltas: readonly RowDelta[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const d of deltas) (seen.has(d.rowId) ? twice : seen).add(d.rowId);
  return [...twice];
}

function ids(from: number, to: number): string[] {
  return Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
}

/** The server's id of the (only) connection of a one-connection pool. */
async function connectionId(pool: MySqlClient): Promise<number> {
  const [row] = await pool.query<{ id: string | number }>("SELECT CONNECTION_ID() AS id");
  return Number(row?.id);
}

/**
 * Arms a trap in the one session of `pool` (a pool of one connection): its queries that test
 * `@armed = 1` sleep on their trapped row. A session variable, not a table, so the query stays
 * a plain single-table read that MySQL, like MariaDB, reads by index without evaluating rows
 * past its page. Killing the connection disarms it: its replacement has no `@armed`.
 */
async function armTrap(pool: MySqlClient): Promise<void> {
  await pool.query("SET @armed = 1");
}

/** `promise`, or a rejection naming `what` after `ms` milliseconds. */
async function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits until connection `id` sleeps inside a statement (SLEEP()), then KILLs it. */
async function killWhenSleeping(id: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await client.query<{ state: string | null }>(
      "SELECT STATE AS state FROM information_schema.PROCESSLIST WHERE ID = ?",
      [id],
    );
    if (rows[0]?.state === "User sleep") break;
    if (Date.now() > deadline) {
      throw new Error(`Connection ${id} never slept in a statement: ${JSON.stringify(rows)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await client.query(`KILL ${id}`);
}

describe(`database ingest poller, cursor strategy (${MYSQL_TEST_SERVER_NAME} → SyncGateway)`, () => {
  it("pushes inserts, then an UPDATE that bumps updated_at exactly once", async () => {
    const items = await createItems();
    await insertRange(items, 1, 3, "item ");
    const poll = poller(cursorIngest(items));

    expect(await poll(signal)).toEqual({ ok: true, value: { deltasPushed: 3 } });
    const deltas = await accepted();
    expect(deltas.map((d) => [d.op, d.table, d.rowId, d.clientId])).toEqual([
      ["INSERT", items, "1", "ingest:my"],
      ["INSERT", items, "2", "ingest:my"],
      ["INSERT", items, "3", "ingest:my"],
    ]);
    // The cursor column travels as exact text, microseconds included.
    const stamp = deltas[0]?.columns.find((c) => c.column === "updated_at")?.value;
    expect(stamp).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/);

    await client.query(
      `UPDATE \`${items}\` SET title = 'renamed', updated_at = NOW(6) + INTERVAL 1 SECOND WHERE id = 2`,
    );
    expect(await poll(signal)).toEqual({ ok: true, value: { deltasPushed: 1 } });
    expect(await poll(signal)).toEqual({ ok: true, value: { deltasPushed: 0 } });
    const all = await accepted();
    expect(all).toHaveLength(4);
    expect(all[3]).toMatchObject({ op: "INSERT", rowId: "2" });
    expect(merged(all).get("2")?.title).toBe("renamed");
    expect(merged(all).get("1")?.title).toBe("item 1");
    expect(JSON.parse(state.text(cursorStateKey(items)) ?? "null")).toMatchObject({ rowId: "2" });
  });

  it("neither loses nor repeats rows sharing one timestamp across pages and polls", async () => {
    const items = await createItems();
    const ts = "2024-05-01 12:00:00.654321";
    await insertRange(items, 1, 230, "a", ts);
    // Pages of 17 rows, chunks of 40 deltas: every boundary falls inside the tie.
    const poll = poller(cursorIngest(items, { chunkSize: 40 }), gateway, 17);
    expect(await poll(signal)).toEqual({ ok: true, value: { deltasPushed: 230 } });
    expect(JSON.parse(state.text(cursorStateKey(items)) ?? "null")).toEqual({
      value: ts,
      rowId: "230",
    });

    // More rows at the same instant, with higher ids, arrive after the cursor stopped on it.
    await insertRange(items, 231, 300, "b", ts);
    expect(await poll(signal)).toEqual({ ok: true, value: { deltasPushed: 70 } });
    expect(await poll(signal)).toEqual({ ok: true, value: { deltasPushed: 0 } });

    // Updates that move tied rows to one later instant are read once each, across pages.
    const later = "2024-05-01 12:00:01.000001";
    await client.query(
      `UPDATE \`${items}\` SET title = CONCAT('u', id), updated_at = ? WHERE id % 3 = 0`,
      [later],
    );
    expect(await poll(signal)).toEqual({ ok: true, value: { deltasPushed: 100 } });
    expect(await poll(signal)).toEqual({ ok: true, value: { deltasPushed: 0 } });

    const all = await accepted();
    expect(all).toHaveLength(400);
    expect(repeated(all.slice(0, 300))).toEqual([]);
    expect(repeated(all.slice(300))).toEqual([]);
    expect(
      all
        .slice(0, 300)
        .map((d) => d.rowId)
        .sort((a, b) => Number(a) - Number(b)),
    ).toEqual(ids(1, 300));
    const rows = merged(all);
    expect(rows.size).toBe(300);
    expect(rows.get("3")).toMatchObject({ title: "u3", updated_at: later });
    expect(rows.get("4")).toMatchObject({ title: "a4", updated_at: ts });
    expect(rows.get("300")).toMatchObject({ title: "u300", updated_at: later });
  });

  it("resumes a large initial sync interrupted after some chunks without duplicates or gaps", async () => {
    const items = await createItems();
    // 2,000 rows, seven to a timestamp: ties straddle the page (300) and chunk (100) edges.
    await client.query(
      `INSERT INTO \`${items}\` (id, title, updated_at) SELECT seq, CONCAT('item ', seq), TIMESTAMP'2024-01-01 00:00:00.123456' + INTERVAL (seq DIV 7) SECOND FROM ${sequence(2000)}`,
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
    const interrupted = await poller(cursorIngest(items), failing, 300)(signal);
    expect(interrupted.ok).toBe(false);
    if (!interrupted.ok) {
      expect(interrupted.error.fatal).toBe(false);
      expect(interrupted.error.message).toContain(`Table "${items}": the gateway refused a push`);
    }
    expect(await accepted()).toHaveLength(500);
    expect(JSON.parse(state.text(cursorStateKey(items)) ?? "null")).toEqual({
      value: "2024-01-01 00:01:11.123456",
      rowId: "500",
    });

    // Rows change while the poller is down: one already sent, one not yet sent.
    await client.query(
      `UPDATE \`${items}\` SET title = 'changed', updated_at = '2024-06-01 00:00:00' WHERE id IN (10, 1500)`,
    );

    // A new process: a new poll (new source, new gateway-facing poller) on the persisted state.
    const resumed = await poller(
      cursorIngest(items),
      gateway,
      300,
      new MySqlSqlSource(client, {
        ownsClient: false,
      }),
    )(signal);
    // 1,500 unsent rows (1500 among them, read once at its new place) + row 10 again.
    expect(resumed).toEqual({ ok: true, value: { deltasPushed: 1501 } });
    const all = await accepted();
    expect(all).toHaveLength(2001);
    expect(repeated(all.slice(0, 500))).toEqual([]);
    expect(repeated(all.slice(500))).toEqual([]);
    expect(all.slice(0, 500).map((d) => d.rowId)).toEqual(ids(1, 500));
    const rows = merged(all);
    expect([...rows.keys()].sort((a, b) => Number(a) - Number(b))).toEqual(ids(1, 2000));
    expect(rows.get("10")?.title).toBe("changed");
    expect(rows.get("1500")?.title).toBe("changed");
    expect(rows.get("1999")?.title).toBe("item 1999");
    expect(await poller(cursorIngest(items))(signal)).toEqual({
      ok: true,
      value: { deltasPushed: 0 },
    });
  });

  it("answers a retryable error naming the table while it is gone, then resumes where it was", async () => {
    const items = await createItems();
    await client.query(`INSERT INTO \`${items}\` (id, title) VALUES (1, 'one')`);
    const poll = poller(cursorIngest(items));
    expect(await poll(signal)).toEqual({ ok: true, value: { deltasPushed: 1 } });

    await client.query(`RENAME TABLE \`${items}\` TO \`${items}_away\``);
    const down = await poll(signal);
    expect(down.ok).toBe(false);
    if (!down.ok) {
      expect(down.error.fatal).toBe(false);
      expect(down.error.code).toBe("ADAPTER_ERROR");
      expect(down.error.message).toMatch(
        new RegExp(`^Table "${items}": .*Table '[^']*\\.${items}' doesn't exist`),
      );
      expect(down.error.message).toContain("ER_NO_SUCH_TABLE");
      expect(down.error.message).not.toContain("apppw");
    }
    // Still gone on the next poll: still retryable, nothing pushed, the cursor kept.
    const again = await poll(signal);
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.fatal).toBe(false);
    expect(JSON.parse(state.text(cursorStateKey(items)) ?? "null")).toMatchObject({ rowId: "1" });

    await client.query(
      `INSERT INTO \`${items}_away\` (id, title, updated_at) VALUES (2, 'two', NOW(6) + INTERVAL 1 SECOND)`,
    );
    await client.query(`RENAME TABLE \`${items}_away\` TO \`${items}\``);
    expect(await poll(signal)).toEqual({ ok: true, value: { deltasPushed: 1 } });
    expect((await accepted()).map((d) => d.rowId)).toEqual(["1", "2"]);
  });

  it("keeps polling the other tables while one is dropped, and names only the dropped one", async () => {
    const kept = await createItems();
    const dropped = await createItems();
    await client.query(`INSERT INTO \`${kept}\` (id, title) VALUES (1, 'k1')`);
    await client.query(`INSERT INTO \`${dropped}\` (id, title) VALUES (1, 'd1')`);
    const both = cursorIngest(dropped, {
      tables: [...cursorIngest(dropped).tables, ...cursorIngest(kept).tables],
    });
    const poll = poller(both);
    expect(await poll(signal)).toEqual({ ok: true, value: { deltasPushed: 2 } });

    await client.query(`DROP TABLE \`${dropped}\``);
    await client.query(
      `INSERT INTO \`${kept}\` (id, title, updated_at) VALUES (2, 'k2', NOW(6) + INTERVAL 1 SECOND)`,
    );
    const down = await poll(signal);
    expect(down.ok).toBe(false);
    if (!down.ok) {
      expect(down.error.fatal).toBe(false);
      expect(down.error.message).toMatch(new RegExp(`^Table "${dropped}": `));
      expect(down.error.message).not.toContain(`Table "${kept}"`);
    }
    // The kept table's row went through in the failed poll, exactly once.
    expect((await accepted()).map((d) => [d.table, d.rowId])).toEqual([
      [dropped, "1"],
      [kept, "1"],
      [kept, "2"],
    ]);

    // Back (recreated empty, then a row): read from the stored cursor on.
    await client.query(
      `CREATE TABLE \`${dropped}\` (id INT PRIMARY KEY, title VARCHAR(100) NOT NULL, updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6))`,
    );
    await client.query(
      `INSERT INTO \`${dropped}\` (id, title, updated_at) VALUES (5, 'd5', NOW(6) + INTERVAL 1 SECOND)`,
    );
    expect(await poll(signal)).toEqual({ ok: true, value: { deltasPushed: 1 } });
    expect((await accepted()).at(-1)).toMatchObject({ table: dropped, rowId: "5" });
  });

  it("answers a retryable error without the password when the server is unreachable, and recovers", async () => {
    const items = await createItems();
    await client.query(`INSERT INTO \`${items}\` (id, title) VALUES (1, 'one')`);
    const secret = "pw-not-to-show";
    // A closed port on this machine: ECONNREFUSED at once.
    const badUrl = new URL(db.url);
    badUrl.port = "1";
    badUrl.password = secret;
    const unreachable = new MySqlSqlSource(
      mysqlClient(badUrl.toString(), { poolSize: 1, connectTimeoutMs: 2_000 }),
    );
    const downPoll = poller(cursorIngest(items), gateway, 50, unreachable);
    const down = await downPoll(signal);
    expect(down.ok).toBe(false);
    if (!down.ok) {
      expect(down.error.fatal).toBe(false);
      expect(down.error.code).toBe("ADAPTER_ERROR");
      expect(down.error.message).toMatch(new RegExp(`^Table "${items}": .*ECONNREFUSED`));
      expect(down.error.message).not.toContain(secret);
      expect(String(down.error.stack)).not.toContain(secret);
    }
    // A second try while still down: the same, and nothing was saved.
    expect((await downPoll(signal)).ok).toBe(false);
    await unreachable.close();
    expect(state.data.size).toBe(0);
    expect(await accepted()).toEqual([]);

    // Wrong password on the right port: refused, retryable, the password not shown either.
    const wrongPw = new URL(db.url);
    wrongPw.password = secret;
    const refusing = new MySqlSqlSource(mysqlClient(wrongPw.toString(), { poolSize: 1 }));
    const denied = await poller(cursorIngest(items), gateway, 50, refusing)(signal);
    await refusing.close();
    expect(denied.ok).toBe(false);
    if (!denied.ok) {
      expect(denied.error.fatal).toBe(false);
      expect(denied.error.message).toMatch(/Access denied/);
      expect(denied.error.message).not.toContain(secret);
    }

    // Back up (the same state, a working connection): nothing was lost.
    expect(await poller(cursorIngest(items))(signal)).toEqual({
      ok: true,
      value: { deltasPushed: 1 },
    });
  });

  it("recovers after its pooled connection is killed between polls (KILL <id>)", async () => {
    const items = await createItems();
    await client.query(`INSERT INTO \`${items}\` (id, title) VALUES (1, 'one')`);
    const own = mysqlClient(db.url, { poolSize: 1, connectTimeoutMs: 5_000 });
    const poll = poller(cursorIngest(items), gateway, 50, new MySqlSqlSource(own));
    try {
      expect(await poll(signal)).toEqual({ ok: true, value: { deltasPushed: 1 } });
      const [me] = await own.query<{ id: string | number }>("SELECT CONNECTION_ID() AS id");
      await client.query(`KILL ${Number(me?.id)}`);
      await client.query(
        `INSERT INTO \`${items}\` (id, title, updated_at) VALUES (2, 'two', NOW(6) + INTERVAL 1 SECOND)`,
      );
      // The reused pooled connection may be dead: at most that one poll fails, retryable.
      let result = await poll(signal);
      if (!result.ok) {
        expect(result.error.fatal).toBe(false);
        expect(result.error.message).toMatch(new RegExp(`^Table "${items}": `));
        result = await poll(signal);
      }
      expect(result).toEqual({ ok: true, value: { deltasPushed: 1 } });
      expect((await accepted()).map((d) => d.rowId)).toEqual(["1", "2"]);
      const [now] = await own.query<{ id: string | number }>("SELECT CONNECTION_ID() AS id");
      expect(String(now?.id)).not.toBe(String(me?.id));
    } finally {
      await own.close();
    }
  });

  it("loses and repeats nothing when its connection is killed between pages of a poll", async () => {
    const items = await createItems();
    await client.query(
      `INSERT INTO \`${items}\` (id, title, updated_at) SELECT seq, CONCAT('item ', seq), TIMESTAMP'2024-01-01 00:00:00' + INTERVAL (seq DIV 3) SECOND FROM ${sequence(1000)}`,
    );
    const own = mysqlClient(db.url, { poolSize: 1, connectTimeoutMs: 5_000 });
    const id = await connectionId(own);
    let pushes = 0;
    // The third accepted chunk kills the poller's only connection, idle between two pages.
    const killing: PushTarget = {
      push: async (msg) => {
        const result = await gateway.push(msg);
        if (++pushes === 3) await client.query(`KILL ${id}`);
        return result;
      },
    };
    const poll = poller(cursorIngest(items), killing, 250, new MySqlSqlSource(own));
    try {
      // mysql2 usually notices the closed socket and opens a new connection for the next
      // page; if it hands out the dead one, that poll fails retryably and the next resumes.
      let result = await poll(signal);
      if (!result.ok) {
        expect(result.error.fatal).toBe(false);
        expect(result.error.message).toMatch(new RegExp(`^Table "${items}": `));
        result = await poll(signal);
      }
      expect(result.ok).toBe(true);
      expect((await accepted()).map((d) => d.rowId)).toEqual(ids(1, 1000));
      expect(await connectionId(own)).not.toBe(id);
      expect(await poll(signal)).toEqual({ ok: true, value: { deltasPushed: 0 } });
    } finally {
      await own.close();
    }
  });

  it("fails retryably when its connection is killed during a running page query, and resumes after the last accepted row", async () => {
    const items = await createItems();
    await client.query(
      `INSERT INTO \`${items}\` (id, title, updated_at) SELECT seq, CONCAT('item ', seq), TIMESTAMP'2024-01-01 00:00:00' + INTERVAL (seq DIV 3) SECOND FROM ${sequence(300)}`,
    );
    const own = mysqlClient(db.url, { poolSize: 1, connectTimeoutMs: 5_000 });
    const id = await connectionId(own);
    await armTrap(own);
    // Row 150 makes the page that reads it sleep while the trap is armed.
    const ingest = cursorIngest(items, {
      tables: [
        {
          table: items,
          query: `SELECT t.id, t.title, t.updated_at, IF(t.id = 150 AND @armed = 1, SLEEP(30), 0) AS slept FROM \`${items}\` t`,
          rowIdColumn: "id",
          strategy: { type: "cursor", cursorColumn: "updated_at" },
        },
      ],
    });
    const poll = poller(ingest, gateway, 50, new MySqlSqlSource(own));
    try {
      const running = poll(signal);
      await killWhenSleeping(id);
      const cut = await running;
      expect(cut.ok).toBe(false);
      if (!cut.ok) {
        expect(cut.error.fatal).toBe(false);
        expect(cut.error.code).toBe("ADAPTER_ERROR");
        expect(cut.error.message).toMatch(
          new RegExp(
            `^Table "${items}": Could not read the query's rows: .*(Connection lost|PROTOCOL_CONNECTION_LOST|killed)`,
          ),
        );
        expect(cut.error.message).not.toContain("apppw");
      }
      // One chunk (100 rows) was accepted before the page with row 150 was cut.
      expect((await accepted()).map((d) => d.rowId)).toEqual(ids(1, 100));
      expect(JSON.parse(state.text(cursorStateKey(items)) ?? "null")).toMatchObject({
        rowId: "100",
      });

      let result = await poll(signal);
      if (!result.ok) {
        expect(result.error.fatal).toBe(false);
        result = await poll(signal);
      }
      expect(result).toEqual({ ok: true, value: { deltasPushed: 200 } });
      const all = await accepted();
      expect(all.map((d) => d.rowId)).toEqual(ids(1, 300));
    } finally {
      await own.close();
    }
  });

  it("stops promptly once its signal is aborted", async () => {
    const items = await createItems();
    await insertRange(items, 1, 500, "t");
    const controller = new AbortController();
    let pushes = 0;
    const aborting: PushTarget = {
      push: async (msg) => {
        if (++pushes === 1) controller.abort();
        return gateway.push(msg);
      },
    };
    const result = await poller(
      cursorIngest(items, { chunkSize: 50 }),
      aborting,
    )(controller.signal);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/aborted/);
    expect(pushes).toBe(1);
  });
});

describe(`database ingest poller, diff strategy (${MYSQL_TEST_SERVER_NAME} → SyncGateway)`, () => {
  async function createFlags(): Promise<string> {
    const flags = uniqueTable("flags");
    await client.query(
      `CREATE TABLE \`${flags}\` (id VARCHAR(20) PRIMARY KEY, name VARCHAR(50) NOT NULL, enabled BOOLEAN NOT NULL)`,
    );
    return flags;
  }

  it("pushes inserts, column-level updates and hard deletes, and keeps its snapshot", async () => {
    const flags = await createFlags();
    await client.query(
      `INSERT INTO \`${flags}\` VALUES ('a', 'alpha', true), ('b', 'beta', false), ('c', 'gamma', true)`,
    );
    const poll = poller(diffIngest(flags));
    expect(await poll(signal)).toEqual({ ok: true, value: { deltasPushed: 3 } });
    const first = await accepted();
    expect(first.map((d) => [d.op, d.table, d.rowId, d.clientId]).sort()).toEqual([
      ["INSERT", flags, "a", "ingest:my"],
      ["INSERT", flags, "b", "ingest:my"],
      ["INSERT", flags, "c", "ingest:my"],
    ]);

    await client.query(`UPDATE \`${flags}\` SET enabled = true WHERE id = 'b'`);
    await client.query(`DELETE FROM \`${flags}\` WHERE id = 'c'`);
    await client.query(`INSERT INTO \`${flags}\` VALUES ('d', 'delta', false)`);
    expect(await poll(signal)).toEqual({ ok: true, value: { deltasPushed: 3 } });
    const all = await accepted();
    const second = all.slice(3).map((d) => [d.op, d.rowId, d.columns]);
    // BOOLEAN is TINYINT(1): the values are 1 and 0.
    expect(second).toEqual(
      expect.arrayContaining([
        ["UPDATE", "b", [{ column: "enabled", value: 1 }]],
        [
          "INSERT",
          "d",
          [
            { column: "id", value: "d" },
            { column: "name", value: "delta" },
            { column: "enabled", value: 0 },
          ],
        ],
        ["DELETE", "c", []],
      ]),
    );
    expect(second).toHaveLength(3);
    expect(await poll(signal)).toEqual({ ok: true, value: { deltasPushed: 0 } });

    // A restarted poller restores the saved snapshot: nothing is sent again.
    expect(state.data.has(snapshotStateKey(flags))).toBe(true);
    expect(await poller(diffIngest(flags))(signal)).toEqual({
      ok: true,
      value: { deltasPushed: 0 },
    });
    // ...and still sees what changed while it was down, a delete included.
    await client.query(`DELETE FROM \`${flags}\` WHERE id = 'a'`);
    await client.query(`UPDATE \`${flags}\` SET name = 'DELTA' WHERE id = 'd'`);
    expect(await poller(diffIngest(flags))(signal)).toEqual({
      ok: true,
      value: { deltasPushed: 2 },
    });
    const rows = merged(await accepted());
    expect([...rows.keys()].sort()).toEqual(["b", "d"]);
    expect(rows.get("b")).toEqual({ id: "b", name: "beta", enabled: 1 });
    expect(rows.get("d")).toEqual({ id: "d", name: "DELTA", enabled: 0 });
  });

  it("emits a cycle again when its pushes were not all accepted", async () => {
    const flags = await createFlags();
    await client.query(
      `INSERT INTO \`${flags}\` SELECT seq, CONCAT('f', seq), true FROM ${sequence(250)}`,
    );
    let pushes = 0;
    const flaky: PushTarget = {
      push: (msg) =>
        ++pushes === 2
          ? Promise.resolve({ ok: false as const, error: new LakeSyncError("INTERNAL", "down") })
          : gateway.push(msg),
    };
    const failed = await poller(diffIngest(flags), flaky)(signal);
    expect(failed.ok).toBe(false);
    if (!failed.ok) expect(failed.error.fatal).toBe(false);
    expect(state.data.has(snapshotStateKey(flags))).toBe(false);
    expect(await poller(diffIngest(flags))(signal)).toEqual({
      ok: true,
      value: { deltasPushed: 250 },
    });
    expect(merged(await accepted()).size).toBe(250);
  });

  it("answers a retryable error while the table is gone and sees the deletes when it is back", async () => {
    const flags = await createFlags();
    await client.query(`INSERT INTO \`${flags}\` VALUES ('a', 'alpha', true), ('b', 'beta', true)`);
    const poll = poller(diffIngest(flags));
    expect(await poll(signal)).toEqual({ ok: true, value: { deltasPushed: 2 } });

    await client.query(`DROP TABLE \`${flags}\``);
    const down = await poll(signal);
    expect(down.ok).toBe(false);
    if (!down.ok) {
      expect(down.error.fatal).toBe(false);
      expect(down.error.message).toMatch(
        new RegExp(`^Table "${flags}": .*${flags}' doesn't exist`),
      );
    }
    // A failed read is no empty table: nothing was deleted.
    expect((await accepted()).filter((d) => d.op === "DELETE")).toEqual([]);

    await client.query(
      `CREATE TABLE \`${flags}\` (id VARCHAR(20) PRIMARY KEY, name VARCHAR(50) NOT NULL, enabled BOOLEAN NOT NULL)`,
    );
    await client.query(`INSERT INTO \`${flags}\` VALUES ('b', 'beta', true)`);
    expect(await poll(signal)).toEqual({ ok: true, value: { deltasPushed: 1 } });
    expect((await accepted()).at(-1)).toMatchObject({ op: "DELETE", rowId: "a" });
  });

  it("fails the cycle, retryably, when its streamed read is killed mid-poll, and recovers", async () => {
    const flags = await createFlags();
    await client.query(
      `INSERT INTO \`${flags}\` SELECT LPAD(seq, 5, '0'), CONCAT('f', seq), seq % 2 FROM ${sequence(300)}`,
    );
    const own = mysqlClient(db.url, { poolSize: 1, connectTimeoutMs: 5_000 });
    const id = await connectionId(own);
    await armTrap(own);
    const ingest = diffIngest(flags, {
      tables: [
        {
          table: flags,
          query: `SELECT f.id, f.name, f.enabled, IF(f.id = '00150' AND @armed = 1, SLEEP(30), 0) AS slept FROM \`${flags}\` f`,
          rowIdColumn: "id",
          strategy: { type: "diff" },
        },
      ],
    });
    const poll = poller(ingest, gateway, 20, new MySqlSqlSource(own));
    try {
      const running = poll(signal);
      await killWhenSleeping(id);
      // The killed connection must end the streamed read (mysql2 emits the loss on the
      // connection, not on the query's row stream), not leave the poll waiting forever.
      const cut = await within(
        10_000,
        running,
        "the diff poll to return after its connection was killed",
      );
      expect(cut.ok).toBe(false);
      if (!cut.ok) {
        expect(cut.error.fatal).toBe(false);
        expect(cut.error.message).toMatch(new RegExp(`^Table "${flags}": `));
        expect(cut.error.message).not.toContain("apppw");
      }
      // The cut cycle is not committed: no snapshot, and no delete was made up.
      expect(state.data.has(snapshotStateKey(flags))).toBe(false);
      expect((await accepted()).filter((d) => d.op !== "INSERT")).toEqual([]);

      await client.query(`DELETE FROM \`${flags}\` WHERE id = '00007'`);
      let result = await poll(signal);
      if (!result.ok) {
        // At most one poll may still meet the dead pooled connection.
        expect(result.error.fatal).toBe(false);
        result = await poll(signal);
      }
      expect(result.ok).toBe(true);
      const rows = merged(await accepted());
      expect(rows.size).toBe(299);
      expect(rows.has("00007")).toBe(false);
      // `slept` is INT on MariaDB and BIGINT (read as text) on MySQL.
      expect(rows.get("00150")).toMatchObject({ id: "00150", name: "f150", enabled: 0 });
      expect(state.data.has(snapshotStateKey(flags))).toBe(true);
      let quiet = await poll(signal);
      if (!quiet.ok) quiet = await poll(signal);
      expect(quiet).toEqual({ ok: true, value: { deltasPushed: 0 } });
    } finally {
      await within(5_000, own.close(), "the pool to close").catch(() => {});
    }
  });
});
