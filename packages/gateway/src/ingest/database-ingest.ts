import {
  AdapterError,
  type CursorPosition,
  CursorScan,
  connectorIngestDefaults,
  createChunkedPusher,
  type DatabaseIngestConfig,
  DiffSnapshot,
  Err,
  HLC,
  type HLCTimestamp,
  type IngestTableConfig,
  LakeSyncError,
  type LakeSyncErrorCode,
  makeDelta,
  Ok,
  type PushTarget,
  type Result,
  type SqlSource,
} from "@lakesync/core";
import { type ConnectorStateStore, PollError, type PollReport } from "../connectors/types.js";
import { type IngestProgress, PollProgress } from "./poll-progress.js";
import { timedBatches } from "./timed-batches.js";

/** Rows read from the source per batch when `batchSize` is not given. */
export const DEFAULT_INGEST_BATCH_SIZE = 5000;

export interface DatabaseIngestPollOptions {
  /** Where each table's query runs (the adapter package's SqlSource). */
  readonly source: SqlSource;
  /** The connector's name: deltas are pushed as client `ingest:<connector>`. */
  readonly connector: string;
  /** The validated `ingest` block (defaults applied). */
  readonly ingest: DatabaseIngestConfig;
  /** Where deltas go: the gateway (an IngestTarget, flushed within `memoryBudgetBytes`). */
  readonly gateway: PushTarget;
  /** Where cursors (`cursor:<table>`) and diff snapshots (`snapshot:<table>`) persist. */
  readonly state: ConnectorStateStore;
  /** Rows per source batch. Default 5000. */
  readonly batchSize?: number | undefined;
  /** The clock stamping deltas. Default a new HLC on `Date.now`. */
  readonly hlc?: HLC | undefined;
  /** Told after each source batch and once at the end of each poll (a host's live status). */
  readonly onProgress?: ((progress: IngestProgress) => void) | undefined;
}

/** One poll of every ingest table, as the host schedules it. */
export type DatabaseIngestPoll = (signal: AbortSignal) => Promise<Result<PollReport, PollError>>;

/** The state key of a table's cursor (JSON of a CursorPosition). */
export function cursorStateKey(table: string): string {
  return `cursor:${table}`;
}

/** The state key of a table's diff snapshot (`DiffSnapshot.toBytes()`). */
export function snapshotStateKey(table: string): string {
  return `snapshot:${table}`;
}

/**
 * Builds the poll of a database connector's ingest (shared by the PostgreSQL, MySQL and
 * BigQuery connectors). Each poll reads every table of `ingest.tables` in order:
 *
 * - `cursor`: rows after the persisted cursor (`cursor:<table>`), read by the source with
 *   keyset pagination in `(cursorColumn, rowIdColumn)` order, become whole-row INSERTs
 *   (an upsert under last-writer-wins). The cursor is saved after each accepted chunk and
 *   only then, so a crash or a rejected push re-reads from the last accepted row: nothing
 *   is lost, nothing accepted is sent twice. The source's order is trusted (its keyset is
 *   exact in its own types and collation), so the engine is given no `after` to re-check.
 *   Limit of the strategy: a row committed late with a cursor value already passed (a long
 *   transaction that set `updated_at` at its start) is not seen until it changes again;
 *   hard deletes are never seen. Rows whose cursor value is null are not read.
 * - `diff`: every row is compared with the snapshot (`snapshot:<table>`, restored once,
 *   then kept in memory); inserts, changed columns and deletes are pushed, and the
 *   snapshot is committed and saved only when every push was accepted (and not saved
 *   again when nothing changed).
 *
 * A table that fails (source error, a row without its row id or cursor column) is reported
 * and the other tables still run; the poll then answers a retryable PollError whose message
 * names each failed table, and which waits as long as a source asked (`AdapterError.retryAfterMs`).
 * A read that sends no batch for `ingest.readTimeoutMs` (120 s by default) is cut off when
 * the source can (`SqlSource.interrupt`), and fails its table like any source error.
 * A rejected push ends the poll at once. An aborted `signal` stops
 * the poll between rows and answers a PollError (the host ignores it).
 * @example
 * const poll = createDatabaseIngestPoll({ source, connector: "analytics-db", ingest, gateway, state });
 * const result = await poll(new AbortController().signal);
 */
export function createDatabaseIngestPoll(options: DatabaseIngestPollOptions): DatabaseIngestPoll {
  const { source, connector, ingest, gateway, state } = options;
  const batchSize = options.batchSize ?? DEFAULT_INGEST_BATCH_SIZE;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  }
  if (typeof connector !== "string" || connector.length === 0) {
    throw new TypeError("connector must be a non-empty string");
  }
  const clientId = `ingest:${connector}`;
  const readTimeoutMs = ingest.readTimeoutMs ?? connectorIngestDefaults.readTimeoutMs;
  /** A table's reads, cut off when they stall, on a source that can cut them off. */
  const readRows = (query: string, options: Parameters<SqlSource["readRows"]>[1]) => {
    const read = source.readRows(query, options);
    const interrupt = source.interrupt?.bind(source);
    return interrupt ? timedBatches(read, readTimeoutMs, interrupt) : read;
  };
  const hlc = options.hlc ?? new HLC();
  const snapshots = new Map<string, DiffSnapshot>();

  const pusherFor = <C>(onCheckpoint?: (checkpoint: C) => Promise<void>) =>
    createChunkedPusher<C>({
      target: gateway,
      clientId,
      chunkSize: ingest.chunkSize,
      // Each delta is made here with this poller's clock: none is a re-send.
      freshDeltas: true,
      ...(ingest.memoryBudgetBytes !== undefined
        ? { memoryBudgetBytes: ingest.memoryBudgetBytes }
        : {}),
      ...(onCheckpoint ? { onCheckpoint } : {}),
    });

  async function pollCursor(
    table: IngestTableConfig,
    cursorColumn: string,
    signal: AbortSignal,
    progress: PollProgress,
    warnings: string[],
  ): Promise<number> {
    const key = cursorStateKey(table.table);
    const after = decodeCursor(await state.load(key));
    const pusher = pusherFor<CursorPosition>((position) =>
      state.save(key, encodeText(JSON.stringify(position))),
    );
    const scan = new CursorScan({
      table: table.table,
      rowIdColumn: table.rowIdColumn,
      cursorColumn,
      // The source reads past the stored position in (cursor, rowId) order (keyset).
      after: null,
      ordered: true,
    });
    const batches = readRows(table.query, {
      batchSize,
      cursor: { cursorColumn, rowIdColumn: table.rowIdColumn, after },
      onWarning: (message) => warnings.push(`Table "${table.table}": ${message}`),
    });
    let read = false;
    try {
      for await (const batch of batches) {
        const stamp = batchClock(hlc);
        for (const row of batch) {
          if (signal.aborted) throw aborted();
          const next = scan.take(row);
          if (!next) continue;
          const pushing = pusher.hold(makeDelta(next.change, clientId, stamp()), next.position);
          if (pushing) await accepted(pushing, table.table);
        }
        progress.read(table.table, batch.length, pusher.stats.deltasPushed);
      }
      read = true;
      const done = await pusher.finish();
      if (!done.ok) throw pushFailed(table.table, done.error);
      return pusher.stats.deltasPushed;
    } catch (error) {
      // A source that failed mid-read: the cursor is saved past what was read before it.
      await keepWhatWasRead(pusher, error, read);
      throw error;
    } finally {
      progress.tableDone(pusher.stats.deltasPushed);
      pusher.discard();
    }
  }

  async function pollDiff(
    table: IngestTableConfig,
    signal: AbortSignal,
    progress: PollProgress,
    warnings: string[],
  ): Promise<number> {
    const key = snapshotStateKey(table.table);
    let snapshot = snapshots.get(table.table);
    if (!snapshot || snapshot.rowIdColumn !== table.rowIdColumn) {
      snapshot = await restoreSnapshot(await state.load(key), table);
    }
    const cycle = snapshot.begin();
    const pusher = pusherFor<never>();
    let stamp = batchClock(hlc);
    const send = (change: Parameters<typeof makeDelta>[0]) =>
      pusher.hold(makeDelta(change, clientId, stamp()));
    let read = false;
    try {
      for await (const batch of readRows(table.query, { batchSize })) {
        stamp = batchClock(hlc);
        for (const row of batch) {
          if (signal.aborted) throw aborted();
          const change = cycle.observe(row);
          const pushing = change && send(change);
          if (pushing) await accepted(pushing, table.table);
        }
        progress.read(table.table, batch.length, pusher.stats.deltasPushed);
      }
      read = true;
      stamp = batchClock(hlc);
      for (const change of cycle.deletions()) {
        if (signal.aborted) throw aborted();
        const pushing = send(change);
        if (pushing) await accepted(pushing, table.table);
      }
      const done = await pusher.finish();
      if (!done.ok) throw pushFailed(table.table, done.error);
      const { duplicates } = cycle.stats;
      if (duplicates > 0) warnings.push(repeatedIds(table, duplicates));
      cycle.commit();
      snapshots.set(table.table, snapshot);
      // A poll that found no change leaves the saved snapshot as good as this one (a column
      // seen only as null fingerprints as absent): no need to write the whole of it again.
      if (pusher.stats.deltasPushed > 0) await state.save(key, snapshot.toBytes());
      return pusher.stats.deltasPushed;
    } catch (error) {
      // The source failed mid-read: the rows seen so far become the snapshot, so the next
      // poll does not send their changes again. Deletions wait for a whole read.
      if (await keepWhatWasRead(pusher, error, read)) {
        cycle.commitSeen();
        snapshots.set(table.table, snapshot);
        // A save that fails too is not what to report: this process keeps the snapshot, a
        // restart sends those rows again (nothing is lost), and the next save tries anew.
        if (pusher.stats.deltasPushed > 0) {
          await state.save(key, snapshot.toBytes()).catch(() => {});
        }
      }
      throw error;
    } finally {
      progress.tableDone(pusher.stats.deltasPushed);
      pusher.discard();
    }
  }

  /**
   * When `error` is the source failing mid-read (the read not `done`; not a refused push, not
   * a stop): pushes the rows read before it and waits until the gateway's store holds them,
   * which saves a cursor's position past them. Whether that was done; if not, the next poll
   * reads them again.
   */
  async function keepWhatWasRead(
    pusher: { finish(): Promise<Result<void, LakeSyncError>> },
    error: unknown,
    done: boolean,
  ): Promise<boolean> {
    if (done || error instanceof PollError) return false;
    try {
      return (await pusher.finish()).ok;
    } catch {
      return false;
    }
  }

  return async (signal) => {
    const progress = new PollProgress(options.onProgress);
    let deltasPushed = 0;
    const failures: string[] = [];
    let code: LakeSyncErrorCode = "ADAPTER_ERROR";
    // The longest wait a failed table's source asked for (a rate limit's Retry-After).
    let retryAfterMs: number | undefined;
    let succeeded = false;
    const warnings: string[] = [];
    try {
      for (const table of ingest.tables) {
        if (signal.aborted) return Err(aborted());
        try {
          deltasPushed +=
            table.strategy.type === "cursor"
              ? await pollCursor(table, table.strategy.cursorColumn, signal, progress, warnings)
              : await pollDiff(table, signal, progress, warnings);
        } catch (error) {
          if (error instanceof PollError) return Err(error);
          if (error instanceof LakeSyncError && failures.length === 0) code = error.code;
          if (error instanceof AdapterError && error.retryAfterMs !== undefined) {
            retryAfterMs = Math.max(retryAfterMs ?? 0, error.retryAfterMs);
          }
          failures.push(tableFailure(table.table, error));
        }
      }
      if (failures.length > 0) {
        const wait = retryAfterMs === undefined ? {} : { retryAfterMs };
        return Err(new PollError(code, failures.join("; "), wait));
      }
      succeeded = true;
      return Ok({ deltasPushed, ...(warnings.length > 0 ? { warnings } : {}) });
    } finally {
      progress.end(!succeeded);
    }
  };
}

function aborted(): PollError {
  return new PollError("INTERNAL", "Poll aborted: the connector is stopping");
}

function pushFailed(table: string, error: LakeSyncError): PollError {
  const retryAfterMs = error.code === "BACKPRESSURE" ? 1000 : undefined;
  return new PollError(
    error.code,
    `Table "${table}": the gateway refused a push: ${error.message}`,
    retryAfterMs === undefined ? {} : { retryAfterMs },
  );
}

/** Timestamps for one batch's deltas: the first reads the wall clock, the rest tick on from it. */
function batchClock(hlc: HLC): () => HLCTimestamp {
  let read = false;
  return () => {
    if (read) return hlc.next();
    read = true;
    return hlc.now();
  };
}

/** Waits for a chunk's push (`ChunkedPusher.hold`); a refused one fails the table. */
async function accepted(
  pushing: Promise<Result<void, LakeSyncError>>,
  table: string,
): Promise<void> {
  const added = await pushing;
  if (!added.ok) throw pushFailed(table, added.error);
}

/**
 * Why a diff table's rows were skipped: its query gave one row id to several rows, and only
 * the first of each is kept (which one that is depends on the query's order).
 */
function repeatedIds(table: IngestTableConfig, duplicates: number): string {
  const rows = duplicates === 1 ? "1 row" : `${duplicates} rows`;
  return `Table "${table.table}": ${rows} repeated a row id (rowIdColumn "${table.rowIdColumn}") already read in this poll and were skipped (the first row with each id is kept; without a stable order the kept row can change between polls). Make the query give each row a unique ${table.rowIdColumn}`;
}

/** A table's failure as one sentence naming it (source errors come cleaned by the adapter). */
function tableFailure(table: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.startsWith(`Table "${table}"`) ? message : `Table "${table}": ${message}`;
}

function encodeText(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** A persisted cursor, or null (never polled, or unreadable: read from the start again). */
function decodeCursor(bytes: Uint8Array | null): CursorPosition | null {
  if (!bytes) return null;
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (typeof parsed !== "object" || parsed === null) return null;
    const { value, rowId } = parsed as { value?: unknown; rowId?: unknown };
    if (typeof rowId !== "string") return null;
    if (typeof value !== "string" && typeof value !== "number") return null;
    return { value, rowId };
  } catch {
    return null;
  }
}

/** The saved snapshot of a table, or an empty one when there is none or it does not fit. */
async function restoreSnapshot(
  bytes: Uint8Array | null,
  table: IngestTableConfig,
): Promise<DiffSnapshot> {
  if (bytes) {
    const restored = DiffSnapshot.fromBytes(bytes);
    if (
      restored.ok &&
      restored.value.table === table.table &&
      restored.value.rowIdColumn === table.rowIdColumn
    ) {
      return restored.value;
    }
  }
  return new DiffSnapshot({ table: table.table, rowIdColumn: table.rowIdColumn });
}
