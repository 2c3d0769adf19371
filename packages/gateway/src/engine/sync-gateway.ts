import {
  BackpressureError,
  type BufferStats,
  type Claims,
  compileSyncRules,
  type DatabaseAdapter,
  Err,
  FlushError,
  HLC,
  type HLCTimestamp,
  type IngestTarget,
  LakeSyncError,
  type LoggedDelta,
  Ok,
  type PushAck,
  type PushMessage,
  type Result,
  type Row,
  type RowDelta,
  type RowPredicate,
  type SyncRules,
  type TableSchema,
  ValidationError,
} from "@lakesync/core";
import { checkDelta } from "./check-delta.js";
import { DeltaLog } from "./delta-log.js";
import { estimateDeltaBytes } from "./delta-size.js";
import { RecentIds } from "./recent-ids.js";
import { deltaRow, RowViews } from "./row-views.js";

export interface SyncGatewayOptions {
  readonly gatewayId: string;
  /** Where `flush()` writes. Without one, flush keeps everything in memory. */
  readonly store?: DatabaseAdapter | undefined;
  /** Pushes that would take the buffer past this get BACKPRESSURE. Default 64 MiB. */
  readonly maxBufferBytes?: number | undefined;
  /**
   * `shouldFlush()` turns true past this. Default 8 MiB (half of `maxBufferBytes` when that
   * is smaller): flushed deltas die young, which keeps a fast ingest both quick and small.
   */
  readonly flushThresholdBytes?: number | undefined;
  /** Deltas per store write, so no batch passes a driver's parameter limit. Default 500. */
  readonly flushBatchSize?: number | undefined;
  /** Largest accepted distance of a delta's HLC ahead of the server clock. Default 5 s. */
  readonly maxDriftMs?: number | undefined;
  /** Largest page a pull returns. Default 10,000. */
  readonly maxPullLimit?: number | undefined;
  readonly now?: (() => number) | undefined;
}

export interface PullRequest {
  /** The `serverHlc` of the previous page; 0n for everything. */
  readonly since: HLCTimestamp;
  readonly clientId: string;
  /** Page size; default 1,000. */
  readonly limit?: number | undefined;
  /** Read this named source's delta log instead of the gateway's. */
  readonly source?: string | undefined;
  /** The caller's verified token claims, for `jwt:` values in sync rules. */
  readonly claims?: Claims | undefined;
}

export interface PullResponse {
  readonly deltas: RowDelta[];
  /** Pass as `since` for the next page. */
  readonly serverHlc: HLCTimestamp;
  readonly hasMore: boolean;
  readonly warnings?: string[];
}

/** An accepted delta as the buffer holds it: with what the sync rules see of its row. */
export interface BufferedDelta extends LoggedDelta {
  readonly before: Row | null;
  /** The row after the delta as the rules see it; null: the delta's own columns. */
  readonly after: Row | null;
}

export type AcceptedListener = (accepted: readonly BufferedDelta[]) => void;

const DEFAULT_PULL_LIMIT = 1000;
/**
 * Buffered bytes past which a flush is due. Small enough that flushed deltas die young: a
 * large ingest then runs faster and peaks lower than at 32 MiB, where the collector promoted
 * tens of MB of deltas about to be dropped (`bench/ingest.ts --flush-mb=32` against the default).
 */
const DEFAULT_FLUSH_THRESHOLD_BYTES = 8 * 1024 * 1024;

/**
 * One gateway: an append-only log of accepted deltas, paged by server position, filtered
 * per caller by sync rules, flushed in batches to a store; plus named sources and schemas.
 * @example
 * const gateway = new SyncGateway({ gatewayId: "my-gw", store });
 * await gateway.push({ clientId: "app-1", deltas, lastSeenHlc: 0n });
 * const page = await gateway.pull({ since: 0n, clientId: "app-2", claims });
 */
export class SyncGateway implements IngestTarget {
  readonly gatewayId: string;
  readonly #store: DatabaseAdapter | undefined;
  readonly #clock: HLC;
  readonly #maxBufferBytes: number;
  readonly #flushThresholdBytes: number;
  readonly #flushBatchSize: number;
  readonly #maxPullLimit: number;
  readonly #log = new DeltaLog();
  readonly #ids = new RecentIds();
  readonly #views = new RowViews();
  readonly #sources = new Map<string, DatabaseAdapter>();
  readonly #schemas = new Map<string, TableSchema>();
  readonly #listeners = new Set<AcceptedListener>();
  #rules: SyncRules | null = null;
  #flushing: Promise<Result<void, FlushError>> | null = null;
  #flushedUpTo: HLCTimestamp = 0n;

  constructor(options: SyncGatewayOptions) {
    this.gatewayId = options.gatewayId;
    this.#store = options.store;
    this.#clock = new HLC({
      ...(options.now ? { now: options.now } : {}),
      maxDriftMs: options.maxDriftMs ?? 5000,
    });
    this.#maxBufferBytes = positive(options.maxBufferBytes ?? 64 * 1024 * 1024, "maxBufferBytes");
    this.#flushThresholdBytes = positive(
      options.flushThresholdBytes ??
        Math.min(DEFAULT_FLUSH_THRESHOLD_BYTES, Math.floor(this.#maxBufferBytes / 2)),
      "flushThresholdBytes",
    );
    this.#flushBatchSize = positive(options.flushBatchSize ?? 500, "flushBatchSize");
    this.#maxPullLimit = positive(options.maxPullLimit ?? 10_000, "maxPullLimit");
  }

  get bufferStats(): BufferStats {
    return { logSize: this.#log.size, indexSize: this.#views.size, byteSize: this.#log.byteSize };
  }

  shouldFlush(): boolean {
    return this.#log.byteSize >= this.#flushThresholdBytes;
  }

  /** The position up to which accepted deltas are in the store; undefined without a store. */
  get persistedUpTo(): HLCTimestamp | undefined {
    return this.#store ? this.#flushedUpTo : undefined;
  }

  get syncRules(): SyncRules | null {
    return this.#rules;
  }

  /** Replaces the sync rules (validated by the caller); null lets everything through. */
  setSyncRules(rules: SyncRules | null): void {
    this.#rules = rules;
    this.#views.setRules(rules);
  }

  /**
   * Accepts a batch of deltas, all or none: every delta is checked (fields, clock drift)
   * before any is applied. A delta already accepted (same deltaId) is skipped, unless the
   * message is `fresh` (then no id is checked or remembered).
   */
  async push(msg: PushMessage): Promise<Result<PushAck, LakeSyncError>> {
    const invalid = checkMessage(msg);
    if (invalid) return Err(invalid);
    // The latest HLC of the batch stands for all of it: if it is within the allowed drift,
    // every one is; merged into the clock, every position issued after it is past them all.
    let latest = 0n;
    for (const delta of msg.deltas) latest = maxHlc(latest, delta.hlc);
    const drift = this.#clock.checkDrift(latest);
    if (!drift.ok) return Err(drift.error);

    // A fresh push (an in-process poller's own new deltas) cannot hold a re-send: its ids
    // are neither checked nor remembered.
    const remember = msg.fresh !== true;
    const fresh = remember ? this.#unseen(msg.deltas) : msg.deltas;
    const sizes: number[] = new Array(fresh.length);
    let incoming = 0;
    for (let i = 0; i < fresh.length; i++) {
      const bytes = estimateDeltaBytes(fresh[i] as RowDelta);
      sizes[i] = bytes;
      incoming += bytes;
    }
    if (fresh.length > 0 && this.#log.byteSize + incoming > this.#maxBufferBytes) {
      return Err(
        new BackpressureError(
          `Gateway buffer holds ${this.#log.byteSize} bytes; this push would pass its budget of ${this.#maxBufferBytes}. Flush, then retry.`,
        ),
      );
    }

    const accepted: BufferedDelta[] = [];
    if (fresh.length > 0) this.#clock.recv(latest);
    for (let i = 0; i < fresh.length; i++) {
      const delta = fresh[i] as RowDelta;
      // One wall-clock read a push: the batch's positions tick on from it.
      const position = i === 0 ? this.#clock.now() : this.#clock.next();
      const view = this.#views.apply(delta);
      const entry: BufferedDelta = { position, delta, before: view.before, after: view.after };
      this.#log.append(entry, sizes[i] as number);
      if (remember) this.#ids.add(delta.deltaId);
      accepted.push(entry);
    }
    if (accepted.length > 0) this.#emit(accepted);
    const serverHlc = accepted.at(-1)?.position ?? this.#clock.now();
    return Ok({ serverHlc, accepted: accepted.length });
  }

  /**
   * A page of deltas after `since`, in server order, that the caller's claims admit.
   * Flushed deltas are read back from the store. With `source`, reads that source's log.
   */
  async pull(req: PullRequest): Promise<Result<PullResponse, LakeSyncError>> {
    const limit = Math.min(
      Math.max(1, Math.floor(req.limit ?? DEFAULT_PULL_LIMIT)),
      this.#maxPullLimit,
    );
    const admits = compileSyncRules(this.#rules, req.claims ?? {});
    if (req.source !== undefined) return this.#pullSource(req.source, req.since, limit, admits);

    const deltas: RowDelta[] = [];
    let cursor = req.since;

    // Flushed deltas first, read back from the store a page at a time.
    const first = this.#log.firstPosition;
    const flushed = (p: HLCTimestamp) =>
      p <= this.#flushedUpTo && (first === undefined || p < first);
    const storeAhead = (p: HLCTimestamp) =>
      p < this.#flushedUpTo && (first === undefined || p < first);
    while (this.#store && storeAhead(cursor) && deltas.length < limit) {
      const read = await this.#store.queryDeltasSince(cursor, limit);
      if (!read.ok) return Err(read.error);
      const page = read.value.deltas;
      const start = cursor;
      for (const entry of page) {
        if (!flushed(entry.position) || deltas.length >= limit) break;
        cursor = entry.position;
        if (admits(entry.delta.table, this.#views.current(entry.delta))) deltas.push(entry.delta);
      }
      if (page.length < limit || cursor === start) break;
    }
    if (this.#store && storeAhead(cursor) && deltas.length >= limit) {
      return Ok({ deltas, serverHlc: cursor, hasMore: true });
    }

    const end = this.#log.endIndex;
    for (let i = this.#log.indexAfter(cursor); i < end && deltas.length < limit; i++) {
      const entry = this.#log.at(i) as BufferedDelta;
      cursor = entry.position;
      if (visible(entry, admits)) deltas.push(entry.delta);
    }

    const last = this.#log.lastPosition ?? this.#flushedUpTo;
    const hasMore = cursor < last;
    const serverHlc = hasMore ? cursor : maxHlc(cursor, last);
    return Ok({ deltas, serverHlc, hasMore });
  }

  /**
   * Writes buffered deltas to the store in batches, oldest first. On a failed batch, what
   * was not written stays buffered in order for the next try. Concurrent calls share one run.
   */
  flush(): Promise<Result<void, FlushError>> {
    if (!this.#flushing) {
      this.#flushing = this.#flushOnce().finally(() => {
        this.#flushing = null;
      });
    }
    return this.#flushing;
  }

  /** Called with each batch of newly accepted deltas (WebSocket broadcast, metrics). */
  onAccepted(listener: AcceptedListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The deltas of `accepted` that a caller with these claims may see. */
  visibleTo(accepted: readonly BufferedDelta[], claims: Claims): RowDelta[] {
    const admits = compileSyncRules(this.#rules, claims);
    return accepted.filter((e) => visible(e, admits)).map((e) => e.delta);
  }

  registerSource(name: string, adapter: DatabaseAdapter): Result<void, LakeSyncError> {
    if (this.#sources.has(name)) {
      return Err(new LakeSyncError("CONNECTOR_EXISTS", `A source named "${name}" already exists`));
    }
    this.#sources.set(name, adapter);
    return Ok(undefined);
  }

  /** Removes a named source; the caller closes its adapter. */
  unregisterSource(name: string): boolean {
    return this.#sources.delete(name);
  }

  listSources(): string[] {
    return [...this.#sources.keys()];
  }

  /** Records a table schema and creates or widens its table in the store. */
  async registerSchema(schema: TableSchema): Promise<Result<void, LakeSyncError>> {
    if (this.#store) {
      const ensured = await this.#store.ensureSchema(schema);
      if (!ensured.ok) return Err(ensured.error);
    }
    this.#schemas.set(schema.table, schema);
    return Ok(undefined);
  }

  listSchemas(): TableSchema[] {
    return [...this.#schemas.values()];
  }

  /** Continues the server clock and flush mark after a restart, from what the store holds. */
  resumeFrom(lastPosition: HLCTimestamp): void {
    if (lastPosition > this.#flushedUpTo) this.#flushedUpTo = lastPosition;
    this.#clock.recv(lastPosition);
  }

  /** The deltas not accepted before, nor earlier in the same push. */
  #unseen(deltas: readonly RowDelta[]): RowDelta[] {
    const unseen: RowDelta[] = [];
    const inPush = new Set<string>();
    for (const delta of deltas) {
      if (this.#ids.has(delta.deltaId) || inPush.has(delta.deltaId)) continue;
      inPush.add(delta.deltaId);
      unseen.push(delta);
    }
    return unseen;
  }

  async #flushOnce(): Promise<Result<void, FlushError>> {
    if (!this.#store) return Ok(undefined);
    let remaining = this.#log.size;
    while (remaining > 0) {
      const batch = this.#log.head(Math.min(this.#flushBatchSize, remaining));
      let written: Result<void, LakeSyncError>;
      try {
        written = await this.#store.insertDeltas(batch);
      } catch (cause) {
        written = Err(new FlushError("Store write threw", { cause }));
      }
      if (!written.ok) {
        return Err(
          new FlushError(
            `Flush stopped with ${remaining} deltas still buffered: ${written.error.message}`,
            {
              cause: written.error,
            },
          ),
        );
      }
      const lastEntry = batch.at(-1);
      if (lastEntry) this.#flushedUpTo = maxHlc(this.#flushedUpTo, lastEntry.position);
      for (const e of batch) this.#ids.retire(e.delta.deltaId);
      this.#log.dropHead(batch.length);
      remaining -= batch.length;
    }
    return Ok(undefined);
  }

  async #pullSource(
    name: string,
    since: HLCTimestamp,
    limit: number,
    admits: RowPredicate,
  ): Promise<Result<PullResponse, LakeSyncError>> {
    const source = this.#sources.get(name);
    if (!source) {
      return Err(
        new LakeSyncError("SOURCE_NOT_FOUND", `No source named "${name}" on this gateway`),
      );
    }
    const read = await source.queryDeltasSince(since, limit + 1);
    if (!read.ok) return Err(read.error);
    const page = read.value.deltas.slice(0, limit);
    const hasMore = read.value.deltas.length > limit;
    const deltas = page.filter((e) => admits(e.delta.table, deltaRow(e.delta))).map((e) => e.delta);
    const serverHlc = page.at(-1)?.position ?? since;
    const warnings = read.value.warnings;
    return Ok({
      deltas,
      serverHlc,
      hasMore,
      ...(warnings && warnings.length > 0 ? { warnings } : {}),
    });
  }

  #emit(accepted: readonly BufferedDelta[]): void {
    for (const listener of this.#listeners) {
      try {
        listener(accepted);
      } catch {
        // A listener's failure must not fail the push that was already applied.
      }
    }
  }
}

function visible(entry: BufferedDelta, admits: RowPredicate): boolean {
  const { table } = entry.delta;
  return (
    admits(table, entry.after ?? deltaRow(entry.delta)) ||
    (entry.before !== null && admits(table, entry.before))
  );
}

function checkMessage(msg: PushMessage): ValidationError | null {
  const problems: { path: string; message: string }[] = [];
  if (typeof msg?.clientId !== "string" || msg.clientId.length === 0 || msg.clientId.length > 256) {
    problems.push({
      path: "clientId",
      message: "clientId must be a non-empty string of at most 256 characters",
    });
  }
  if (!Array.isArray(msg?.deltas)) {
    problems.push({ path: "deltas", message: "deltas must be an array" });
  } else {
    const { deltas } = msg;
    for (let i = 0; i < deltas.length; i++) {
      const problem = checkDelta(deltas[i] as RowDelta, i);
      if (problem) problems.push({ path: `deltas[${i}]`, message: problem });
    }
  }
  return problems.length > 0 ? new ValidationError(problems.slice(0, 20), "INVALID_DELTA") : null;
}

function maxHlc(a: HLCTimestamp, b: HLCTimestamp): HLCTimestamp {
  return a > b ? a : b;
}

function positive(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0)
    throw new RangeError(`${name} must be a positive number`);
  return value;
}
