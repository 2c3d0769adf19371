import { createServer, type Server } from "node:net";
import { type ConnectorConfig, Ok } from "@lakesync/core";
import { type ConnectorContext, type ConnectorRuntime, SyncGateway } from "@lakesync/gateway";
import { endsWithin, MemoryStateStore, pullAll } from "@lakesync/gateway/connector-kit";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { PG_TEST_URL } from "../testing/targets.js";
import { postgresConnectorFactory } from "./postgres-connector.js";

// The postgres connector factory on real PostgreSQL (LAKESYNC_TEST_PG_URL); fails, never
// skips, when it is unreachable.

const admin = postgres(PG_TEST_URL, { max: 1, onnotice: () => {} });
afterAll(() => admin.end());

function context(config: ConnectorConfig): ConnectorContext {
  return {
    gatewayId: "gw",
    config,
    gateway: new SyncGateway({ gatewayId: "gw" }),
    state: new MemoryStateStore(),
    urlGuard: (url) => Ok(new URL(url)),
    fetch,
    log: () => {},
  };
}

/**
 * A connector on the test database polling one cursor table (by `updated_at`) every second,
 * and its gateway. Throws when the factory refuses it.
 */
async function cursorConnector(
  table: string,
  query: string,
  options: { connectionString?: string; readTimeoutMs?: number } = {},
): Promise<{ runtime: ConnectorRuntime; gateway: SyncGateway }> {
  const { connectionString = PG_TEST_URL, readTimeoutMs } = options;
  const ctx = context({
    type: "postgres",
    name: table,
    postgres: { connectionString },
    ingest: {
      intervalMs: 1000,
      chunkSize: 50,
      ...(readTimeoutMs ? { readTimeoutMs } : {}),
      tables: [
        {
          table,
          query,
          rowIdColumn: "id",
          strategy: { type: "cursor", cursorColumn: "updated_at" },
        },
      ],
    },
  } as ConnectorConfig);
  const built = await postgresConnectorFactory(ctx);
  if (!built.ok) throw built.error;
  return { runtime: built.value, gateway: ctx.gateway as SyncGateway };
}

/** Resolves once a query tagged `tag` sleeps in pg_sleep (within 15 s). */
async function sleeping(tag: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const rows = await admin.unsafe(
      "select count(*)::int as n from pg_stat_activity where wait_event = 'PgSleep' and query like $1",
      [`%${tag}%`],
    );
    if (rows[0]?.n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("No query ever slept");
}

/**
 * A server that speaks just enough of PostgreSQL's protocol to ask for a cleartext password
 * and keep the one it gets, then refuses it (28P01), as a server an API caller names could.
 */
async function passwordCatcher(): Promise<{ port: number; passwords: string[]; server: Server }> {
  const passwords: string[] = [];
  const server = createServer((socket) => {
    let asked = false;
    let buffered = Buffer.alloc(0);
    socket.on("data", (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (!asked && buffered.length >= 4 && buffered.length >= buffered.readInt32BE(0)) {
        asked = true;
        buffered = buffered.subarray(buffered.readInt32BE(0));
        socket.write(Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 3])); // AuthenticationCleartextPassword
      }
      if (asked && buffered.length >= 5 && buffered[0] === 0x70) {
        const end = 1 + buffered.readInt32BE(1);
        if (buffered.length < end) return;
        passwords.push(buffered.subarray(5, end - 1).toString("utf8"));
        const fields = "SFATAL\0C28P01\0Mpassword authentication failed\0\0";
        const error = Buffer.alloc(5 + Buffer.byteLength(fields));
        error.write("E", 0);
        error.writeInt32BE(4 + Buffer.byteLength(fields), 1);
        error.write(fields, 5);
        socket.end(error);
      }
    });
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (typeof address !== "object" || address === null) throw new Error("no port");
  return { port: address.port, passwords, server };
}

/** Whether no query tagged `tag` sleeps any more, within `ms`. */
async function sleepingEnds(tag: string, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const rows = await admin.unsafe(
      "select count(*)::int as n from pg_stat_activity where wait_event = 'PgSleep' and query like $1 and pid <> pg_backend_pid()",
      [`%${tag}%`],
    );
    if (rows[0]?.n === 0) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

describe("postgresConnectorFactory", () => {
  it("never sends the server's own PGPASSWORD to a host named without a password", async () => {
    const catcher = await passwordCatcher();
    const before = process.env.PGPASSWORD;
    process.env.PGPASSWORD = "server-own-secret";
    try {
      const url = `postgres://someone@127.0.0.1:${catcher.port}/db`;
      const built = await postgresConnectorFactory(
        context({
          type: "postgres",
          name: "pg",
          postgres: { connectionString: url },
        } as ConnectorConfig),
      );
      expect(built.ok).toBe(false);
      const sent = [...catcher.passwords];
      expect(sent.length).toBeGreaterThan(0);
      expect(new Set(sent)).toEqual(new Set([""]));
      // The driver alone, as the gateway's own store uses it, does fall back to it.
      const own = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
      await own.unsafe("select 1").catch(() => {});
      await own.end({ timeout: 0 });
      expect(catcher.passwords.slice(sent.length)).toContain("server-own-secret");
    } finally {
      if (before === undefined) delete process.env.PGPASSWORD;
      else process.env.PGPASSWORD = before;
      catcher.server.close();
    }
  });

  it("brings bytea values as base64 text, not as a Buffer's JSON", async () => {
    const table = `bytes_${process.pid}_${Date.now()}`;
    await admin.unsafe(
      `create table ${table} (id int primary key, data bytea, updated_at timestamptz not null)`,
    );
    await admin.unsafe(`insert into ${table} values (1, '\\xdeadbeef00', now()), (2, null, now())`);
    const { runtime, gateway } = await cursorConnector("bytes", `select * from ${table}`);
    try {
      expect((await runtime.poll?.(new AbortController().signal))?.ok).toBe(true);
      const values = (await pullAll(gateway)).deltas.map(
        (d) => d.columns.find((c) => c.column === "data")?.value,
      );
      expect(values).toEqual(["3q2+7wA=", null]);
    } finally {
      await runtime.close();
      await admin.unsafe(`drop table ${table}`);
    }
  });

  it("cuts off a query still running when the poll is aborted to stop the connector", async () => {
    const tag = `cut_${process.pid}_${Date.now()}`;
    const { runtime } = await cursorConnector(
      "slow",
      `select 1 as id, timestamptz '2024-01-01' as updated_at, pg_sleep(60) as ${tag}`,
    );
    const stop = new AbortController();
    try {
      const running = runtime.poll?.(stop.signal);
      await sleeping(tag);
      stop.abort();
      // Not the 60 s the query would take: the stop closed its connection.
      expect(await endsWithin(running, 10_000)).toBe("ended");
    } finally {
      await runtime.close();
      // Cleanup: the cut-off backend would sleep on for the rest of its 60 s.
      await admin.unsafe(
        "select pg_terminate_backend(pid) from pg_stat_activity where query like $1 and pid <> pg_backend_pid()",
        [`%${tag}%`],
      );
    }
  });

  it("cuts off a read that sends nothing for readTimeoutMs, and reads again at the next poll", async () => {
    const tag = `stall_${process.pid}_${Date.now()}`;
    const knob = `${tag}_knob`;
    await admin.unsafe(`create table ${knob} (stall boolean)`);
    await admin.unsafe(`insert into ${knob} values (true)`);
    const { runtime } = await cursorConnector(
      "stalling",
      // Sleeps 60 s while the knob table has a row: a database that went silent.
      `select 1 as id, timestamptz '2024-01-01' as updated_at,
         pg_sleep(case when exists (select 1 from ${knob}) then 60 else 0 end)::text as ${tag}`,
      {
        // The server notices a closed client within 100 ms, even mid pg_sleep.
        connectionString: `${PG_TEST_URL}${PG_TEST_URL.includes("?") ? "&" : "?"}client_connection_check_interval=100`,
        readTimeoutMs: 1000,
      },
    );
    try {
      const stalled = runtime.poll?.(new AbortController().signal);
      // Not the 60 s the query would take: the read was cut off after 1 s.
      expect(await endsWithin(stalled, 10_000)).toBe("ended");
      const failed = await stalled;
      expect(failed?.ok).toBe(false);
      if (failed && !failed.ok) {
        expect(failed.error.message).toContain(
          'Table "stalling": No rows from the database within 1 s: the read was cut off',
        );
      }
      // Its connection was closed, not left to sleep on: the server ends the query.
      expect(await sleepingEnds(tag, 5_000)).toBe(true);
      await admin.unsafe(`delete from ${knob}`);
      // The same connector, on fresh connections.
      expect(await runtime.poll?.(new AbortController().signal)).toEqual({
        ok: true,
        value: { deltasPushed: 1 },
      });
    } finally {
      await runtime.close();
      await admin.unsafe(
        "select pg_terminate_backend(pid) from pg_stat_activity where query like $1 and pid <> pg_backend_pid()",
        [`%${tag}%`],
      );
      await admin.unsafe(`drop table ${knob}`);
    }
  });
});
