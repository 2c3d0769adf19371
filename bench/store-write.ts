// Store writes: what a gateway's flush persists per second. ROWS/10 ingest-shaped deltas (7
// columns, one row each) go into each store's insertDeltas in batches of 500, the gateway's
// flush batch: the delta log and the merged row state, in one transaction per batch.
//   bun --conditions=@lakesync/source bench/store-write.ts [--rows=1000000]
// Stores: the embedded PGlite (the server's default), PostgreSQL and MariaDB (from the
// project's services, skipped when not reachable). Each uses its own gateway id and deletes its
// rows afterwards.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MySqlAdapter, mysqlClient } from "../packages/adapter-mysql/src/index.js";
import {
  PostgresAdapter,
  pgliteClient,
  postgresJsClient,
} from "../packages/adapter-postgres/src/index.js";
import {
  type DatabaseAdapter,
  HLC,
  type LoggedDelta,
  makeDelta,
} from "../packages/core/src/index.js";
import { MYSQL_URL, PG_URL } from "./ingest-db.js";
import { count, label, now, perSecond, ROWS } from "./measure.js";

const DELTAS = Math.max(1000, Math.round(ROWS / 10));
/** The gateway's default flush batch (SyncGateway `flushBatchSize`). */
const BATCH = 500;

/** Deltas as the cursor poller makes them from the ingest benchmark's rows. */
function ingestDeltas(n: number): LoggedDelta[] {
  const clock = new HLC();
  const positions = new HLC();
  const entries: LoggedDelta[] = [];
  for (let i = 1; i <= n; i++) {
    const delta = makeDelta(
      {
        op: "INSERT",
        table: "bench_events",
        rowId: String(i),
        columns: [
          { column: "id", value: i },
          { column: "title", value: `item number ${i}` },
          { column: "status", value: i % 3 === 0 ? "done" : "in_progress" },
          { column: "amount", value: i * 0.25 },
          { column: "qty", value: i % 17 },
          { column: "active", value: i % 2 === 0 },
          { column: "updated_at", value: "2024-01-01 00:00:00.123456+00" },
        ],
      },
      "ingest:bench",
      clock.now(),
    );
    entries.push({ position: positions.now(), delta });
  }
  return entries;
}

async function measure(name: string, open: () => DatabaseAdapter, cleanup: () => Promise<void>) {
  const adapter = open();
  try {
    const entries = ingestDeltas(DELTAS);
    // The tables are made by the first write: outside the clock.
    const first = await adapter.insertDeltas(entries.slice(0, 1));
    if (!first.ok) throw first.error;
    const started = now();
    for (let i = 1; i < entries.length; i += BATCH) {
      const written = await adapter.insertDeltas(entries.slice(i, i + BATCH));
      if (!written.ok) throw written.error;
    }
    const ms = now() - started;
    console.log(
      `${label("store.write")}${name.padEnd(14)} ${count(DELTAS - 1)} deltas in batches of ${BATCH}: ` +
        `${perSecond(DELTAS - 1, ms)} deltas/s (delta log + merged row state)`,
    );
  } catch (error) {
    console.log(
      `${label("store.write")}${name.padEnd(14)} skipped: ${error instanceof Error ? error.message : String(error)}`,
    );
  } finally {
    await cleanup().catch(() => {});
    await adapter.close();
  }
}

const gatewayId = `bench-store-${process.pid}`;
const dir = mkdtempSync(join(tmpdir(), "lakesync-bench-store-"));
try {
  await measure(
    "PGlite",
    () => new PostgresAdapter({ client: pgliteClient(join(dir, "pglite")), gatewayId }),
    async () => {},
  );
  const pg = postgresJsClient(PG_URL, { max: 2, connectTimeoutSeconds: 5 });
  await measure(
    "PostgreSQL",
    () => new PostgresAdapter({ client: pg, gatewayId }),
    async () => {
      await pg.query("delete from lakesync_deltas where gateway_id = $1", [gatewayId]);
      await pg.query("delete from lakesync_rows where gateway_id = $1", [gatewayId]);
    },
  );
  const mysql = mysqlClient(MYSQL_URL, { connectTimeoutMs: 5000 });
  await measure(
    "MariaDB",
    () => new MySqlAdapter({ client: mysql, gatewayId }),
    async () => {
      await mysql.query("DELETE FROM lakesync_deltas WHERE gateway_id = ?", [gatewayId]);
      await mysql.query("DELETE FROM lakesync_rows WHERE gateway_id = ?", [gatewayId]);
    },
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
