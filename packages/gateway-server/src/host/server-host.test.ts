import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pgliteClient, postgresJsClient, type SqlClient } from "@lakesync/adapter-postgres";
import {
  encodeHlc,
  makeDelta,
  type RowDelta,
  type SyncRules,
  type TableSchema,
  unwrap,
} from "@lakesync/core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { LogFn } from "../connectors/connector-manager.js";
import { ConnectorFactories } from "../connectors/factories.js";
import { FakeClock, until } from "../connectors/testing/fake-clock.js";
import {
  registerTestConnectorTypes,
  TICKER_TOKEN,
  TickerScript,
  tickdbConfig,
  tickerConfig,
  unregisterTestConnectorTypes,
} from "../connectors/testing/ticker.js";
import { createUrlGuard } from "../connectors/url-guard.js";
import { createSecretBox, type SecretBox } from "../crypto/secret-box.js";
import { createServerHost, type ServerHostOptions } from "./server-host.js";

beforeEach(registerTestConnectorTypes);
afterEach(unregisterTestConnectorTypes);

const rules: SyncRules = {
  buckets: [
    { name: "small", tables: ["ticks", "todos"], filters: [{ column: "n", op: "lte", value: 3 }] },
  ],
};
const ticksSchema: TableSchema = { table: "ticks", columns: [{ name: "n", type: "number" }] };

function todo(n: number): RowDelta {
  return makeDelta(
    { op: "INSERT", table: "todos", rowId: `todo-${n}`, columns: [{ column: "n", value: n }] },
    "app-1",
    encodeHlc(Date.now(), n),
  );
}

function hostOptions(
  client: SqlClient,
  secretBox: SecretBox,
  clock: FakeClock,
  factories: ConnectorFactories,
  logs: unknown[] = [],
): ServerHostOptions {
  const log: LogFn = (level, msg, fields) => logs.push({ level, msg, fields });
  return {
    client,
    secretBox,
    factories,
    urlGuard: createUrlGuard({ allowPrivateUrls: false }),
    lookup: null,
    clock,
    log,
  };
}

/** A store a host can be restarted on: the embedded PGlite dir, or a real PostgreSQL. */
interface StoreKind {
  readonly name: string;
  /** Prepares an empty store; `connect` opens a new client on it, as a restarted process would. */
  open(): Promise<{ connect(): SqlClient; dispose(): Promise<void> }>;
}

const PG_URL = process.env.LAKESYNC_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:55432/postgres";

const stores: StoreKind[] = [
  {
    name: "PGlite in a data dir (the embedded default)",
    async open() {
      const dir = await mkdtemp(join(tmpdir(), "lakesync-host-"));
      return {
        connect: () => pgliteClient(dir),
        dispose: () => rm(dir, { recursive: true, force: true }),
      };
    },
  },
  {
    // What LAKESYNC_STORE_URL=postgres://… selects: the same code over postgres.js.
    name: "PostgreSQL (LAKESYNC_STORE_URL)",
    async open() {
      const schema = `lakesync_host_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
      const admin = postgresJsClient(PG_URL, { max: 1 });
      await admin.query(`create schema "${schema}"`);
      const url = `${PG_URL}${PG_URL.includes("?") ? "&" : "?"}search_path=${schema}`;
      return {
        connect: () => postgresJsClient(url, { max: 4 }),
        async dispose() {
          await admin.query(`drop schema "${schema}" cascade`);
          await admin.close();
        },
      };
    },
  },
];

describe.each(stores)("createServerHost: restart on $name", (store) => {
  let opened: Awaited<ReturnType<StoreKind["open"]>>;
  beforeAll(async () => {
    opened = await store.open();
  });
  afterAll(async () => {
    await opened.dispose();
  });

  it("brings back gateways, rules, schemas, connectors (and their state) and flushed deltas", async () => {
    const secretBox = await createSecretBox(randomBytes(32));
    const clock = new FakeClock();
    const script1 = new TickerScript(clock);
    const logs: unknown[] = [];
    const host1 = createServerHost({
      ...hostOptions(
        opened.connect(),
        secretBox,
        clock,
        new ConnectorFactories({ ticker: script1.factory, tickdb: script1.factory }),
        logs,
      ),
      flushIntervalMs: 60_000,
    });
    await host1.restore();
    expect(unwrap(await host1.setSyncRules("gw", rules))).toBeUndefined();
    expect(unwrap(await host1.registerSchema("gw", ticksSchema))).toBeUndefined();
    expect(unwrap(await host1.registerConnector("gw", tickerConfig("t1", 10_000)))).toEqual({});
    expect(unwrap(await host1.registerConnector("gw", tickdbConfig("db1")))).toEqual({});
    const gateway1 = await host1.gateway("gw");
    unwrap(await gateway1.push({ clientId: "app-1", deltas: [todo(1), todo(9)], lastSeenHlc: 0n }));
    await until(() => gateway1.bufferStats.logSize === 4, "the first poll's deltas");
    expect(await host1.listConnectors("other-gw")).toEqual([]);

    // Nothing flushed yet (the timer has not fired): shutdown's final flush writes it all.
    await host1.shutdown();
    expect(script1.closed).toBe(2);
    await expect(host1.gateway("gw")).rejects.toThrow(/shut down/);
    expect(JSON.stringify(logs)).not.toContain(TICKER_TOKEN);

    // "Restart": a new host on the same data dir, with a server that has no tickdb runtime.
    const script2 = new TickerScript(clock);
    const client2 = opened.connect();
    const host2 = createServerHost(
      hostOptions(client2, secretBox, clock, new ConnectorFactories({ ticker: script2.factory })),
    );
    await host2.restore();
    await until(() => script2.pollTimes.length === 1 && script2.running === 0, "the resumed poll");
    const listed = await host2.listConnectors("gw");
    expect(listed.map((s) => [s.name, s.state, s.lastError])).toEqual([
      ["t1", "polling", null],
      ["db1", "failed", "no runtime for type tickdb on this server"],
    ]);
    // Rebuilt through its factory with the decrypted config.
    expect(script2.contexts.map((c) => c.config)).toEqual([tickerConfig("t1", 10_000)]);

    const gateway2 = await host2.gateway("gw");
    expect(gateway2.syncRules).toEqual(rules);
    expect(gateway2.listSchemas()).toEqual([ticksSchema]);
    // Flushed before the restart and read back from the store; the cursor resumed at t3; the
    // restored rules (n <= 3) filter the pull.
    const all = unwrap(await gateway2.pull({ since: 0n, clientId: "admin-reader", limit: 100 }));
    expect(all.deltas.map((d) => d.rowId).sort()).toEqual(["t1", "t2", "t3", "todo-1"]);
    const stored = await client2.query<{ row_id: string }>(
      "select row_id from lakesync_deltas where gateway_id = 'gw' order by row_id",
    );
    expect(stored.map((r) => r.row_id)).toEqual(["t1", "t2", "todo-1", "todo-9"]);
    await host2.shutdown();
  });
});

describe("createServerHost", () => {
  let client: SqlClient;
  let secretBox: SecretBox;
  beforeAll(async () => {
    client = pgliteClient(undefined);
    secretBox = await createSecretBox(randomBytes(32));
  }, 120_000);
  afterAll(async () => {
    await client.close();
  });

  it("flushes in the background every flushIntervalMs", async () => {
    const clock = new FakeClock();
    const host = createServerHost({
      ...hostOptions(client, secretBox, clock, new ConnectorFactories()),
      flushIntervalMs: 5000,
    });
    const gateway = await host.gateway("gw-timer");
    unwrap(await gateway.push({ clientId: "app-1", deltas: [todo(1), todo(2)], lastSeenHlc: 0n }));
    await clock.advance(4999);
    expect(gateway.bufferStats.logSize).toBe(2);
    await clock.advance(1);
    await until(() => gateway.bufferStats.logSize === 0, "the timed flush");
    const rows = await client.query<{ n: number }>(
      "select count(*)::int as n from lakesync_deltas where gateway_id = 'gw-timer'",
    );
    expect(rows[0]?.n).toBe(2);
  });

  it("flushes at once when shouldFlush() turns true after a push", async () => {
    const clock = new FakeClock();
    const host = createServerHost({
      ...hostOptions(client, secretBox, clock, new ConnectorFactories()),
      flushIntervalMs: 0,
      gatewayOptions: { flushThresholdBytes: 1 },
    });
    const gateway = await host.gateway("gw-eager");
    unwrap(await gateway.push({ clientId: "app-1", deltas: [todo(1)], lastSeenHlc: 0n }));
    await until(() => gateway.bufferStats.logSize === 0, "the eager flush");
    expect(clock.pending).toBe(0);
  });

  it("persists rules, schemas and connectors, with no secret in clear anywhere", async () => {
    const clock = new FakeClock();
    const script = new TickerScript(clock);
    const host = createServerHost(
      hostOptions(client, secretBox, clock, new ConnectorFactories({ ticker: script.factory })),
    );
    unwrap(await host.setSyncRules("gw-persist", rules));
    unwrap(await host.registerSchema("gw-persist", ticksSchema));
    unwrap(await host.registerConnector("gw-persist", tickerConfig("t1", 10_000)));
    const dump = await client.query<{ rows: string }>(
      `select (select coalesce(json_agg(c), '[]') from lakesync_connectors c)::text
           || (select coalesce(json_agg(s), '[]') from lakesync_connector_state s)::text
           || (select coalesce(json_agg(r), '[]') from lakesync_sync_rules r)::text as rows`,
    );
    expect(dump[0]?.rows).toContain('"gateway_id":"gw-persist"');
    expect(dump[0]?.rows).toContain("ticks");
    expect(dump[0]?.rows).not.toContain(TICKER_TOKEN);
    const duplicate = await host.registerConnector("gw-persist", tickerConfig("t1"));
    expect(duplicate.ok ? "ok" : duplicate.error.code).toBe("CONNECTOR_EXISTS");
    const missing = await host.unregisterConnector("gw-persist", "nope");
    expect(missing.ok ? "ok" : missing.error.code).toBe("CONNECTOR_NOT_FOUND");
    expect((await host.unregisterConnector("gw-persist", "t1")).ok).toBe(true);
    expect(script.closed).toBe(1);
  });

  it("refuses to start with another encryption key, clearly", async () => {
    const other = await createSecretBox(randomBytes(32));
    const host = createServerHost(
      hostOptions(client, other, new FakeClock(), new ConnectorFactories()),
    );
    await expect(host.restore()).rejects.toThrow(/encryption key does not match/);
  });
});
