import {
  AdapterError,
  type ConnectorConfig,
  type DatabaseAdapter,
  Err,
  Ok,
  type Row,
  type SqlSource,
} from "@lakesync/core";
import { describe, expect, it } from "vitest";
import { MemoryStateStore } from "../connector-kit/memory-state-store.js";
import { pullAll } from "../connector-kit/pull-all.js";
import type { ConnectorContext } from "../connectors/types.js";
import { SyncGateway } from "../engine/sync-gateway.js";
import { closeOnce, databaseConnector } from "./database-connector.js";

// The shared builder of the database connectors, over in-memory parts; each adapter package
// runs it against its real database in its own connector tests.

const ingest = {
  intervalMs: 1000,
  chunkSize: 500,
  tables: [
    { table: "t", query: "q", rowIdColumn: "id", strategy: { type: "cursor", cursorColumn: "v" } },
  ],
};

function parts(options: { ping?: () => Promise<void>; queryRuns?: boolean } = {}) {
  let closes = 0;
  const rows: Row[] = [{ id: 1, v: 1, title: "a" }];
  const source: SqlSource & { checkColumns: SqlSource["checkQuery"] } = {
    async *readRows() {
      yield rows;
    },
    checkQuery: async () =>
      options.queryRuns === false
        ? Err(new AdapterError('relation "q" does not exist'))
        : Ok(undefined),
    checkColumns: async () => Ok(undefined),
    close: async () => {},
  };
  return {
    built: {
      database: "DemoDB",
      ping: options.ping ?? (async () => {}),
      describe: (err: unknown) => `described: ${(err as Error).message}`,
      source,
      adapter: {} as DatabaseAdapter,
      close: closeOnce(async () => {
        closes += 1;
      }),
    },
    closes: () => closes,
  };
}

function context(withIngest: boolean): ConnectorContext {
  const config = { name: "db", type: "postgres", ...(withIngest ? { ingest } : {}) };
  return {
    gatewayId: "gw",
    config: config as unknown as ConnectorConfig,
    gateway: new SyncGateway({ gatewayId: "gw" }),
    state: new MemoryStateStore(),
    urlGuard: (url) => Ok(new URL(url)),
    fetch,
    log: () => {},
  };
}

describe("databaseConnector", () => {
  it("refuses an unreachable database with its description, and closes the parts", async () => {
    const p = parts({
      ping: async () => {
        throw new Error("ECONNREFUSED");
      },
    });
    const result = await databaseConnector(context(true), p.built);
    expect(!result.ok && result.error.message).toBe("Cannot reach DemoDB: described: ECONNREFUSED");
    expect(p.closes()).toBe(1);
  });

  it("refuses an ingest query that does not run, naming the table, and closes the parts", async () => {
    const p = parts({ queryRuns: false });
    const result = await databaseConnector(context(true), p.built);
    expect(!result.ok && result.error.message).toBe(
      'ingest.tables[0] ("t"): relation "q" does not exist',
    );
    expect(p.closes()).toBe(1);
  });

  it("serves the adapter as the source, polls with ingest, and closes once however often asked", async () => {
    const p = parts();
    const plain = await databaseConnector(context(false), p.built);
    expect(plain.ok && plain.value.poll).toBeUndefined();
    expect(plain.ok && plain.value.source).toBe(p.built.adapter);

    const progress: number[] = [];
    const ctx = {
      ...context(true),
      onProgress: (p: { deltasPushed: number }) => progress.push(p.deltasPushed),
    };
    const runtime = await databaseConnector(ctx, p.built);
    if (!runtime.ok) throw runtime.error;
    const polled = await runtime.value.poll?.(new AbortController().signal);
    expect(polled).toEqual(Ok({ deltasPushed: 1 }));
    // The host hears the poll's progress (its live counters): after the batch, and at the end.
    expect(progress).toEqual([0, 1]);
    expect((await pullAll(ctx.gateway)).deltas.map((d) => d.clientId)).toEqual(["ingest:db"]);
    await Promise.all([runtime.value.close(), runtime.value.close()]);
    expect(p.closes()).toBe(1);
  });
});
