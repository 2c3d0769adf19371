// Database ingest benchmark: a table of ROWS rows read by the cursor poller
// (createDatabaseIngestPoll over the adapter's SqlSource, as a connector runs it, with the
// product's defaults: 5,000-row source pages, 500-delta chunks, a 64 MB gateway buffer) into a
// SyncGateway whose store accepts and drops what it flushes. Each rate is printed next to the
// bare driver's read of the same table in the same process (the faster of two reads, after
// the poll, so the poll's peak RSS is its own); the poll's rate is the faster of its first run
// and a second one by a fresh poller, as the raw reads run on a driver the poll warmed up. Peak RSS is measured at ROWS/10 and at ROWS
// rows, each in its own process. Then diff polls of the unchanged ROWS/10-row table against
// the bare driver reading it (the fastest of three each).
//   bun --conditions=@lakesync/source bench/ingest.ts --db=postgres|mysql [--rows=1000000]
//     [--flush-mb=32] (the gateway's flush threshold; default its own, 8 MiB)
// Without --part it seeds the tables, runs each part as a child process, compares their peak
// RSS and drops the tables. A database that is not reachable is skipped (exit 0). With
// BUN_JSC_forceRAMSize=134217728 in the environment every part runs with the JS engine sized
// for 128 MB of RAM (as the pusher section's third run), which shows the collector's slack.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type AdapterError,
  CursorScan,
  createChunkedPusher,
  type DatabaseAdapter,
  databaseIngestSchema,
  HLC,
  type HLCTimestamp,
  type LoggedDelta,
  makeDelta,
  Ok,
  type Result,
  type RowDelta,
  type TableSchema,
} from "../packages/core/src/index.js";
import { MemoryStateStore } from "../packages/gateway/src/connector-kit/index.js";
import {
  createDatabaseIngestPoll,
  DEFAULT_INGEST_BATCH_SIZE,
  SyncGateway,
} from "../packages/gateway/src/index.js";
import { type BenchDb, benchDb, type DbKind, type RawOrder, type RawRead } from "./ingest-db.js";
import {
  arg,
  count,
  forceGc,
  kernelPeakRssMb,
  label,
  now,
  perSecond,
  ROWS,
  RssSampler,
  settledHeap,
  target,
} from "./measure.js";

const MB = 1024 * 1024;
const KIND: DbKind = arg("db") === "mysql" ? "mysql" : "postgres";
const SHORT = KIND === "mysql" ? "mysql" : "pg";
/** `--flush-mb=N`: the gateway's flush threshold, to compare with its default (8 MiB). */
const FLUSH_MB = arg("flush-mb") === undefined ? undefined : Number(arg("flush-mb"));
/** The large table: ROWS rows. The small one: ROWS/10 (peak RSS baseline, diff poll). */
const LARGE_TABLE = "bench_ingest_items";
const SMALL_TABLE = "bench_ingest_items_small";
const SMALL_ROWS = Math.max(1, Math.round(ROWS / 10));
/** Raw reads after an initial sync (the fastest counts), and unchanged diff polls. */
const RAW_READS = 2;
const DIFF_REPEATS = 3;

/** What a part reports to the coordinator (through the `--out` file). */
interface PartResult {
  readonly ok: boolean;
  readonly rows: number;
  readonly peakMb?: number;
}

/** The gateway's store: accepts every flushed batch and keeps nothing but a count. */
class DroppingStore implements DatabaseAdapter {
  readonly #rss: RssSampler;
  deltas = 0;

  constructor(rss: RssSampler) {
    this.#rss = rss;
  }

  async insertDeltas(deltas: readonly LoggedDelta[]): Promise<Result<void, AdapterError>> {
    this.deltas += deltas.length;
    this.#rss.sample();
    return Ok(undefined);
  }

  async queryDeltasSince(
    _since: HLCTimestamp,
    _limit: number,
  ): Promise<Result<{ deltas: LoggedDelta[] }, AdapterError>> {
    return Ok({ deltas: [] });
  }

  async ensureSchema(_schema: TableSchema): Promise<Result<void, AdapterError>> {
    return Ok(undefined);
  }

  async close(): Promise<void> {}
}

/** A SyncGateway that counts the flushes that had something to write. */
class CountingGateway extends SyncGateway {
  flushes = 0;

  override flush() {
    if (this.bufferStats.logSize > 0) this.flushes += 1;
    return super.flush();
  }
}

/** A poller over the table as a connector builds it: the ingest block's defaults applied. */
function poller(table: string, strategy: "cursor" | "diff", rss: RssSampler) {
  const db = benchDb(KIND);
  const source = db.source();
  const store = new DroppingStore(rss);
  const gateway = new CountingGateway({
    gatewayId: "bench",
    store,
    ...(FLUSH_MB !== undefined ? { flushThresholdBytes: FLUSH_MB * MB } : {}),
  });
  const ingest = databaseIngestSchema.parse({
    tables: [
      {
        table: "items",
        query: `SELECT * FROM ${table}`,
        rowIdColumn: "id",
        strategy:
          strategy === "cursor" ? { type: "cursor", cursorColumn: "updated_at" } : { type: "diff" },
      },
    ],
  });
  const poll = createDatabaseIngestPoll({
    source,
    connector: "bench",
    ingest,
    gateway,
    state: new MemoryStateStore(),
  });
  const signal = new AbortController().signal;
  return {
    db,
    store,
    chunkSize: ingest.chunkSize,
    get flushes() {
      return gateway.flushes;
    },
    async poll(): Promise<number> {
      const result = await poll(signal);
      if (!result.ok) throw result.error;
      const flushed = await gateway.flush();
      if (!flushed.ok) throw flushed.error;
      return result.value.deltasPushed;
    },
    async close() {
      await source.close();
      await db.close();
    },
  };
}

/** Notes a JS engine told its RAM size (BUN_JSC_forceRAMSize), as the pusher section does. */
function engineNote(): string {
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: only labels the run; bench is no turbo task.
  const ramSize = process.env.BUN_JSC_forceRAMSize;
  return ramSize ? `  (JS engine sized for ${Number(ramSize) / MB} MB of RAM)` : "";
}

function rawText(read: RawRead): string {
  return `raw ${perSecond(read.rows, read.ms)} rows/s (${read.how}, best of ${RAW_READS})`;
}

/** The fastest of `times` raw reads: the strictest baseline on a machine shared with others. */
async function bestRawRead(
  run: { db: { rawRead: BenchDb["rawRead"] } },
  table: string,
  order: RawOrder,
  times: number,
): Promise<RawRead> {
  let best: RawRead | null = null;
  for (let i = 0; i < times; i++) {
    forceGc();
    const read = await run.db.rawRead(table, order);
    if (!best || read.ms < best.ms) best = read;
  }
  return best as RawRead;
}

/** The fastest of RAW_READS reads of `table` by the poller's source alone, as the poll reads it. */
async function bestSourceRead(db: BenchDb, table: string): Promise<{ rows: number; ms: number }> {
  const source = db.source();
  const query = `SELECT * FROM ${table}`;
  const cursor = { cursorColumn: "updated_at", rowIdColumn: "id", after: null };
  try {
    // Connect outside the clock, as the raw read does.
    for await (const _ of source.readRows(query, { batchSize: 1, cursor })) break;
    let best = { rows: 0, ms: Number.POSITIVE_INFINITY };
    for (let i = 0; i < RAW_READS; i++) {
      forceGc();
      const started = now();
      let rows = 0;
      for await (const batch of source.readRows(query, {
        batchSize: DEFAULT_INGEST_BATCH_SIZE,
        cursor,
      })) {
        rows += batch.length;
      }
      const ms = now() - started;
      if (ms < best.ms) best = { rows, ms };
    }
    return best;
  } finally {
    await source.close();
  }
}

/**
 * The cursor poll's pipeline rebuilt here, as `createDatabaseIngestPoll` runs it (keyset pages,
 * CursorScan, a delta per row, the chunked pusher, a SyncGateway that flushes), once with
 * makeDelta's content-hash ids and once with the row id as a placeholder id: the difference is
 * what the ids cost. A measure of where the time goes, not a way the product runs.
 */
async function pipelineRead(
  db: BenchDb,
  table: string,
  chunkSize: number,
  contentIds: boolean,
): Promise<{ rows: number; ms: number }> {
  const source = db.source();
  const gateway = new SyncGateway({
    gatewayId: "bench",
    store: new DroppingStore(new RssSampler()),
  });
  const clientId = "ingest:bench";
  const pusher = createChunkedPusher({ target: gateway, clientId, chunkSize, freshDeltas: true });
  const scan = new CursorScan({
    table: "items",
    rowIdColumn: "id",
    cursorColumn: "updated_at",
    after: null,
    ordered: true,
  });
  const hlc = new HLC();
  const cursor = { cursorColumn: "updated_at", rowIdColumn: "id", after: null };
  try {
    forceGc();
    const started = now();
    let rows = 0;
    for await (const batch of source.readRows(`SELECT * FROM ${table}`, {
      batchSize: DEFAULT_INGEST_BATCH_SIZE,
      cursor,
    })) {
      // As the poll does: one wall-clock read a batch, the rest tick on (HLC.next).
      let stamped = false;
      for (const row of batch) {
        const next = scan.take(row);
        if (!next) continue;
        const { change } = next;
        const stamp = stamped ? hlc.next() : hlc.now();
        stamped = true;
        const delta: RowDelta = contentIds
          ? makeDelta(change, clientId, stamp)
          : { ...change, deltaId: change.rowId, clientId, hlc: stamp };
        const pushing = pusher.hold(delta, next.position);
        const added = pushing && (await pushing);
        if (added && !added.ok) throw added.error;
        rows += 1;
      }
    }
    const done = await pusher.finish();
    if (!done.ok) throw done.error;
    const flushed = await gateway.flush();
    if (!flushed.ok) throw flushed.error;
    return { rows, ms: now() - started };
  } finally {
    pusher.discard();
    await source.close();
  }
}

/** One initial cursor sync of `table` (`rows` rows), then the raw read of it. */
async function cursorPart(table: string, rows: number, large: boolean): Promise<PartResult> {
  const rss = new RssSampler();
  const run = poller(table, "cursor", rss);
  try {
    await run.db.warm(table);
    const heapBefore = settledHeap();
    const startMb = process.memoryUsage().rss / MB;
    rss.reset();
    const timer = setInterval(() => rss.sample(), 10);
    const started = now();
    const pushed = await run.poll();
    const ms = now() - started;
    clearInterval(timer);
    // Before the raw read: the process's peak so far is the poll's (plus module loading).
    const peakMb = Math.max(rss.peakMb, kernelPeakRssMb() ?? 0);
    const liveMb = (settledHeap() - heapBefore) / MB;
    // The raw reads run on a driver the poll has warmed up: the poll is judged by the faster
    // of its first run and a second one (a fresh poller, so all rows again), as raw is.
    const again = await secondPoll(table, rows);
    const bestMs = Math.min(ms, again.ms);
    const raw = await bestRawRead(run, table, "cursor", RAW_READS);
    const alone = await bestSourceRead(run.db, table);
    const share = bestMs > 0 && raw.ms > 0 ? raw.ms / bestMs : 0;
    console.log(
      `${label(`${SHORT}.ingest`)}${count(rows)} rows  cursor poll ${perSecond(pushed, bestMs)} rows/s ` +
        `(${(bestMs / 1000).toFixed(1)} s, best of 2; the first ${perSecond(pushed, ms)})  ` +
        `${rawText(raw)}  poll = ${(share * 100).toFixed(0)}% of raw`,
    );
    console.log(
      `  the poll's source read alone (keyset pages, no deltas): ${perSecond(alone.rows, alone.ms)} rows/s (best of ${RAW_READS})`,
    );
    if (large) {
      // Alternated, the faster of two each: this machine's speed drifts between runs.
      const faster = (a: { rows: number; ms: number }, b: { rows: number; ms: number }) =>
        a.ms <= b.ms ? a : b;
      const read = (contentIds: boolean) => pipelineRead(run.db, table, run.chunkSize, contentIds);
      let hashed = await read(true);
      let placeholder = await read(false);
      hashed = faster(hashed, await read(true));
      placeholder = faster(placeholder, await read(false));
      const ofRaw = (read: { rows: number; ms: number }) =>
        `${((raw.ms / read.ms) * 100).toFixed(0)}% of raw`;
      console.log(
        `  where the time goes, the poll's pipeline rebuilt in the bench: ${perSecond(hashed.rows, hashed.ms)} rows/s ` +
          `with content-hash ids (${ofRaw(hashed)}), ${perSecond(placeholder.rows, placeholder.ms)} rows/s ` +
          `with the row id as a placeholder id (${ofRaw(placeholder)}), best of 2 each`,
      );
    }
    console.log(
      `  peak RSS ${peakMb.toFixed(0)} MB (${startMb.toFixed(0)} MB before the poll)  ` +
        `live heap after the poll ${liveMb >= 0 ? "+" : ""}${liveMb.toFixed(1)} MB (forced GC)  ` +
        `source pages of ${count(DEFAULT_INGEST_BATCH_SIZE)}, chunks of ${count(run.chunkSize)}, ` +
        `gateway flushes ${count(run.flushes)}${FLUSH_MB !== undefined ? ` (past ${FLUSH_MB} MB)` : ""}${engineNote()}`,
    );
    let ok = target(
      `${run.db.name} poller delivered every row`,
      pushed === rows && run.store.deltas === rows && again.pushed === rows && raw.rows === rows,
      `${count(pushed)} pushed, ${count(run.store.deltas)} flushed, ${count(again.pushed)} the second time, ${count(raw.rows)} raw of ${count(rows)}`,
    );
    if (large) {
      ok =
        target(
          `${run.db.name} initial sync >= 50% of the raw read rate`,
          share >= 0.5,
          `${(share * 100).toFixed(0)}%`,
        ) && ok;
    }
    return { ok, rows, peakMb };
  } finally {
    await run.close();
  }
}

/** A whole initial sync of `table` again, by a fresh poller (no stored cursor), timed. */
async function secondPoll(table: string, rows: number): Promise<{ pushed: number; ms: number }> {
  const run = poller(table, "cursor", new RssSampler());
  try {
    forceGc();
    const started = now();
    const pushed = await run.poll();
    const ms = now() - started;
    if (run.store.deltas !== rows)
      throw new Error(`second poll flushed ${run.store.deltas} of ${rows}`);
    return { pushed, ms };
  } finally {
    await run.close();
  }
}

/**
 * A first diff poll of `table` (all inserts), then DIFF_REPEATS polls of it unchanged and as
 * many raw reads; the fastest of each are compared.
 */
async function diffPart(table: string, rows: number): Promise<PartResult> {
  const rss = new RssSampler();
  const run = poller(table, "diff", rss);
  try {
    await run.db.warm(table);
    let started = now();
    const first = await run.poll();
    const firstMs = now() - started;
    let bestMs = Number.POSITIVE_INFINITY;
    let emitted = 0;
    for (let i = 0; i < DIFF_REPEATS; i++) {
      forceGc();
      started = now();
      emitted += await run.poll();
      bestMs = Math.min(bestMs, now() - started);
    }
    const raw = await bestRawRead(run, table, "table", DIFF_REPEATS);
    const ratio = bestMs / raw.ms;
    console.log(
      `${label(`${SHORT}.diff`)}${count(rows)} rows unchanged  diff poll ${bestMs.toFixed(0)} ms ` +
        `(${perSecond(rows, bestMs)} rows/s, best of ${DIFF_REPEATS})  raw read ${raw.ms.toFixed(0)} ms ` +
        `(${raw.how}, best of ${DIFF_REPEATS})  = ${ratio.toFixed(2)}x  ` +
        `first poll (all inserts) ${perSecond(first, firstMs)} rows/s`,
    );
    const ok = target(
      `${run.db.name} diff polls emit every row, then nothing`,
      first === rows && emitted === 0 && run.store.deltas === rows && raw.rows === rows,
      `${count(first)} then ${count(emitted)}, ${count(raw.rows)} raw of ${count(rows)}`,
    );
    return {
      ok:
        target(
          `${run.db.name} diff poll of an unchanged table <= 2x the raw read time`,
          ratio <= 2,
          `${ratio.toFixed(2)}x`,
        ) && ok,
      rows,
    };
  } finally {
    await run.close();
  }
}

/** Runs a part in its own process, so its peak RSS is its own. */
function runPart(part: string, table: string, rows: number, dir: string): PartResult {
  const out = join(dir, `${part}-${table}.json`);
  const file = fileURLToPath(import.meta.url);
  const run = spawnSync(
    process.execPath,
    [
      "--conditions=@lakesync/source",
      file,
      `--rows=${ROWS}`,
      `--db=${KIND}`,
      `--part=${part}`,
      `--table=${table}`,
      `--table-rows=${rows}`,
      `--out=${out}`,
      ...(FLUSH_MB !== undefined ? [`--flush-mb=${FLUSH_MB}`] : []),
    ],
    { stdio: "inherit" },
  );
  try {
    const result = JSON.parse(readFileSync(out, "utf8")) as PartResult;
    return run.status === 0 ? result : { ...result, ok: false };
  } catch {
    console.log(`  ${part} on ${table} failed (exit ${run.status ?? run.signal})`);
    return { ok: false, rows };
  }
}

async function coordinate(): Promise<boolean> {
  const db = benchDb(KIND);
  const why = await db.unreachable();
  if (why !== null) {
    console.log(
      `${label(`${SHORT}.ingest`)}skipped: ${db.name} not reachable at ${db.where} (${why})`,
    );
    // A connect that never settles would keep the process alive: leave without closing.
    process.exit(0);
  }
  const dir = mkdtempSync(join(tmpdir(), "lakesync-bench-ingest-"));
  try {
    const started = now();
    await db.seed(SMALL_TABLE, SMALL_ROWS);
    await db.seed(LARGE_TABLE, ROWS);
    console.log(
      `${label(`${SHORT}.ingest`)}${db.name} at ${db.where}: seeded ${count(ROWS)} + ${count(SMALL_ROWS)} rows ` +
        `(7 columns, 50 rows per updated_at, index on (updated_at, id)) in ${((now() - started) / 1000).toFixed(1)} s`,
    );
    const small = runPart("cursor", SMALL_TABLE, SMALL_ROWS, dir);
    const large = runPart("cursor", LARGE_TABLE, ROWS, dir);
    const diff = runPart("diff", SMALL_TABLE, SMALL_ROWS, dir);
    let ok = small.ok && large.ok && diff.ok;
    if (small.peakMb !== undefined && large.peakMb !== undefined) {
      const ratio = large.peakMb / small.peakMb;
      const figures = `${large.peakMb.toFixed(0)} MB vs ${small.peakMb.toFixed(0)} MB (${((ratio - 1) * 100).toFixed(0)}%)`;
      const what = `${db.name} peak RSS at ${count(ROWS)} rows within 20% of that at ${count(SMALL_ROWS)}`;
      if (engineNote() === "") {
        // Bun's defaults on a large host let garbage pile up before collecting (the live heap
        // after the poll is printed above): judged in the run sized like a small container.
        console.log(`  info ${what}: ${figures} with Bun's defaults (judged in the 128 MB run)`);
      } else {
        ok = target(what, ratio <= 1.2, `${figures}${engineNote()}`) && ok;
      }
    } else {
      ok = false;
    }
    return ok;
  } finally {
    await db.drop(SMALL_TABLE).catch(() => {});
    await db.drop(LARGE_TABLE).catch(() => {});
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const part = arg("part");
  let ok: boolean;
  if (part === undefined) {
    ok = await coordinate();
  } else {
    const table = arg("table") ?? LARGE_TABLE;
    const rows = Number(arg("table-rows") ?? ROWS);
    const result =
      part === "diff" ? await diffPart(table, rows) : await cursorPart(table, rows, rows >= ROWS);
    const out = arg("out");
    if (out) writeFileSync(out, JSON.stringify(result));
    ok = result.ok;
  }
  if (!ok) process.exitCode = 1;
}
