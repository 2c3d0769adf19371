import { type ConnectorConfig, type DatabaseIngestConfig, Ok, type RowDelta } from "@lakesync/core";
import { type ConnectorContext, type ConnectorRuntime, SyncGateway } from "@lakesync/gateway";
import { endsWithin, MemoryStateStore, mergedRows, pullAll } from "@lakesync/gateway/connector-kit";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { NO_DELTA_LOG_WARNING } from "../adapter/mysql-adapter.js";
import { mysqlTestServer } from "../testing/targets.js";
import { mysqlConnectorFactory } from "./mysql-connector.js";

// The mysql connector factory on real MariaDB or MySQL, polling into a real SyncGateway.

const server = mysqlTestServer();
afterAll(() => server.end());

let db: Awaited<ReturnType<typeof server.freshDatabaseUrl>>;
let gateway: SyncGateway;
beforeEach(async () => {
  db = await server.freshDatabaseUrl();
  gateway = new SyncGateway({ gatewayId: "gw" });
});
afterEach(() => db.drop());

function context(config: ConnectorConfig): ConnectorContext {
  return {
    gatewayId: "gw",
    config,
    gateway,
    state: new MemoryStateStore(),
    urlGuard: (url) => Ok(new URL(url)),
    fetch,
    log: () => {},
  };
}

function mysqlConfig(url: string, ingest?: ConnectorConfig["ingest"]): ConnectorConfig {
  return {
    type: "mysql",
    name: "shop",
    mysql: { connectionString: url },
    ...(ingest ? { ingest } : {}),
  } as ConnectorConfig;
}

/**
 * The connector polling these tables of the test database (or of `url`) every second, in
 * chunks of 50 (and the given `readTimeoutMs`).
 */
async function connectorOf(
  tables: DatabaseIngestConfig["tables"],
  options: { url?: string; readTimeoutMs?: number } = {},
): Promise<ConnectorRuntime> {
  const { url = db.url, readTimeoutMs } = options;
  const ingest = {
    intervalMs: 1000,
    chunkSize: 50,
    tables,
    ...(readTimeoutMs ? { readTimeoutMs } : {}),
  };
  const built = await mysqlConnectorFactory(context(mysqlConfig(url, ingest)));
  if (!built.ok) throw built.error;
  return built.value;
}

/** Every delta the gateway accepted, oldest first. */
async function accepted(): Promise<RowDelta[]> {
  return (await pullAll(gateway)).deltas;
}

/** The rows the accepted deltas add up to, by row id. */
const merged = mergedRows;

const signal = new AbortController().signal;

/** Resolves once a query of the test database sleeps in SLEEP() (within 15 s). */
async function sleepingQuery(): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const rows = await db.client.query<{ n: number | string }>(
      "SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE STATE = 'User sleep' AND DB = DATABASE()",
    );
    if (Number(rows[0]?.n) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("No query ever slept");
}

/** Whether no query of the test database sleeps any more, within `ms`. */
async function noQuerySleeps(ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const rows = await db.client.query<{ n: number | string }>(
      "SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE STATE = 'User sleep' AND DB = DATABASE()",
    );
    if (Number(rows[0]?.n) === 0) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

describe("mysqlConnectorFactory", () => {
  it("polls a cursor table and a diff table into the gateway", async () => {
    await db.client.query(
      "CREATE TABLE orders (id INT PRIMARY KEY, total DOUBLE, updated_at DATETIME(6) NOT NULL)",
    );
    await db.client.query("CREATE TABLE flags (sku VARCHAR(20) PRIMARY KEY, enabled BOOLEAN)");
    const tie = "2024-05-01 12:00:00.654321";
    for (let i = 1; i <= 120; i++) {
      await db.client.query("INSERT INTO orders VALUES (?, ?, ?)", [i, i * 1.5, tie]);
    }
    await db.client.query("INSERT INTO flags VALUES ('a', TRUE), ('b', FALSE)");
    const runtime = await connectorOf([
      {
        table: "orders",
        query: "SELECT * FROM orders",
        rowIdColumn: "id",
        strategy: { type: "cursor", cursorColumn: "updated_at" },
      },
      {
        table: "flags",
        query: "SELECT sku, enabled FROM flags",
        rowIdColumn: "sku",
        strategy: { type: "diff" },
      },
    ]);
    try {
      expect(await runtime.poll?.(signal)).toEqual({ ok: true, value: { deltasPushed: 122 } });
      await db.client.query("INSERT INTO orders VALUES (121, 1, ?)", [tie]);
      await db.client.query("UPDATE flags SET enabled = TRUE WHERE sku = 'b'");
      await db.client.query("DELETE FROM flags WHERE sku = 'a'");
      expect(await runtime.poll?.(signal)).toEqual({ ok: true, value: { deltasPushed: 3 } });
      expect(await runtime.poll?.(signal)).toEqual({ ok: true, value: { deltasPushed: 0 } });
      const all = await accepted();
      const orders = merged(all.filter((d) => d.table === "orders"));
      expect(orders.size).toBe(121);
      expect(orders.get("7")).toEqual({ id: 7, total: 10.5, updated_at: `${tie}` });
      expect(all.every((d) => d.clientId === "ingest:shop")).toBe(true);
      const flags = merged(all.filter((d) => d.table === "flags"));
      expect([...flags.entries()]).toEqual([["b", { sku: "b", enabled: 1 }]]);

      // The named source reads the database's delta log: there is none yet.
      const page = await runtime.source?.queryDeltasSince(0n, 10);
      expect(page).toEqual({ ok: true, value: { deltas: [], warnings: [NO_DELTA_LOG_WARNING] } });
    } finally {
      await runtime.close();
    }
  });

  it("ingests by qualified names from a URL that names no database; its source pull warns", async () => {
    await db.client.query("CREATE TABLE notes (id INT PRIMARY KEY, body TEXT)");
    await db.client.query("INSERT INTO notes VALUES (1, 'one'), (2, 'two')");
    const database = new URL(db.url).pathname.slice(1);
    const noDatabase = new URL(db.url);
    noDatabase.pathname = "";
    const runtime = await connectorOf(
      [
        {
          table: "notes",
          query: `SELECT id, body FROM \`${database}\`.notes`,
          rowIdColumn: "id",
          strategy: { type: "diff" },
        },
      ],
      { url: noDatabase.toString() },
    );
    try {
      expect(await runtime.poll?.(signal)).toEqual({ ok: true, value: { deltasPushed: 2 } });
      const page = await runtime.source?.queryDeltasSince(0n, 10);
      expect(page).toEqual({ ok: true, value: { deltas: [], warnings: [NO_DELTA_LOG_WARNING] } });
    } finally {
      await runtime.close();
    }
  });

  it("brings BLOB and VARBINARY values as base64 text, not as a Buffer's JSON", async () => {
    await db.client.query(
      "CREATE TABLE files (id INT PRIMARY KEY, body BLOB, tag VARBINARY(8), updated_at DATETIME(6) NOT NULL)",
    );
    await db.client.query(
      "INSERT INTO files VALUES (1, X'DEADBEEF00', X'0102', NOW(6)), (2, NULL, NULL, NOW(6))",
    );
    const runtime = await connectorOf([
      {
        table: "files",
        query: "SELECT * FROM files",
        rowIdColumn: "id",
        strategy: { type: "cursor", cursorColumn: "updated_at" },
      },
    ]);
    try {
      expect((await runtime.poll?.(signal))?.ok).toBe(true);
      const rows = merged(await accepted());
      expect(rows.get("1")).toMatchObject({ body: "3q2+7wA=", tag: "AQI=" });
      expect(rows.get("2")).toMatchObject({ body: null, tag: null });
    } finally {
      await runtime.close();
    }
  });

  it("cuts off a query still running when the poll is aborted to stop the connector", async () => {
    await db.client.query("CREATE TABLE t (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL)");
    await db.client.query("INSERT INTO t VALUES (1, NOW(6))");
    const runtime = await connectorOf([
      {
        table: "t",
        query: "SELECT id, updated_at, SLEEP(60) AS slept FROM t",
        rowIdColumn: "id",
        strategy: { type: "cursor", cursorColumn: "updated_at" },
      },
    ]);
    const stop = new AbortController();
    try {
      const running = runtime.poll?.(stop.signal);
      await sleepingQuery();
      stop.abort();
      // Not the 60 s the query would take: the stop closed its connection.
      expect(await endsWithin(running, 10_000)).toBe("ended");
    } finally {
      await runtime.close();
    }
  });

  it("cuts off a read that sends nothing for readTimeoutMs, and reads again at the next poll", async () => {
    await db.client.query("CREATE TABLE t (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL)");
    await db.client.query("INSERT INTO t VALUES (1, NOW(6))");
    await db.client.query("CREATE TABLE knob (stall BOOLEAN)");
    await db.client.query("INSERT INTO knob VALUES (TRUE)");
    const runtime = await connectorOf(
      [
        {
          table: "t",
          // Sleeps 60 s while the knob table has a row: a database that went silent.
          query:
            "SELECT id, updated_at, SLEEP(IF(EXISTS (SELECT 1 FROM knob), 60, 0)) AS slept FROM t",
          rowIdColumn: "id",
          strategy: { type: "cursor", cursorColumn: "updated_at" },
        },
      ],
      { readTimeoutMs: 1000 },
    );
    try {
      const stalled = runtime.poll?.(signal);
      // Not the 60 s the query would take: the read was cut off after 1 s.
      expect(await endsWithin(stalled, 10_000)).toBe("ended");
      const failed = await stalled;
      expect(failed?.ok === false && failed.error.message).toContain(
        'Table "t": No rows from the database within 1 s: the read was cut off',
      );
      expect(await noQuerySleeps(5_000)).toBe(true);
      await db.client.query("DELETE FROM knob");
      // The same connector, on fresh connections.
      expect(await runtime.poll?.(signal)).toEqual({ ok: true, value: { deltasPushed: 1 } });
    } finally {
      await runtime.close();
    }
  });

  it("refuses a register whose query, columns or credentials are wrong, with no password", async () => {
    const table = (query: string, rowIdColumn = "id") => ({
      intervalMs: 1000,
      chunkSize: 50,
      tables: [
        {
          table: "t",
          query,
          rowIdColumn,
          strategy: { type: "cursor" as const, cursorColumn: "updated_at" },
        },
      ],
    });
    await db.client.query("CREATE TABLE t (id INT PRIMARY KEY, updated_at DATETIME(6))");
    const secret = "s3cretpw";
    const wrongPassword = new URL(db.url);
    wrongPassword.password = secret;
    const cases: [ConnectorConfig, RegExp][] = [
      [mysqlConfig(db.url, table("SELECT * FROM nope")), /ingest\.tables\[0\].*nope/],
      [mysqlConfig(db.url, table("SELECT * FROM t", "sku")), /"sku" \(rowIdColumn\)/],
      [mysqlConfig(wrongPassword.toString()), /Cannot reach MySQL: Access denied/],
    ];
    for (const [config, message] of cases) {
      const built = await mysqlConnectorFactory(context(config));
      expect(built.ok).toBe(false);
      if (built.ok) continue;
      expect(built.error.code).toBe("ADAPTER_ERROR");
      expect(built.error.message).toMatch(message);
      expect(built.error.message).not.toContain(secret);
    }
  });
});
