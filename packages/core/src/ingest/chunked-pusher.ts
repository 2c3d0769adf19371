import type { RowDelta } from "../delta/index.js";
import type { LakeSyncError } from "../errors/index.js";
import type { HLCTimestamp } from "../hlc/index.js";
import { Err, Ok, type Result } from "../result/index.js";
import {
  type IngestTarget,
  isIngestTarget,
  type PushMessage,
  type PushTarget,
} from "../targets/index.js";

/** Deltas per push when `chunkSize` is not given. */
export const DEFAULT_CHUNK_SIZE = 500;

/** Share of `memoryBudgetBytes` at which the target is flushed before a push. */
export const FLUSH_BUDGET_RATIO = 0.7;

export interface ChunkedPusherOptions<C> {
  readonly target: PushTarget;
  /** The client id every push is sent as (a connector's poller id, e.g. `ingest:jira-eng`). */
  readonly clientId: string;
  /** Deltas per push. Default 500. */
  readonly chunkSize?: number;
  /**
   * Budget of the target's buffer, in bytes. Before each push to an `IngestTarget` whose
   * `bufferStats.byteSize` is at 70% of it or more, the target is flushed. No limit when absent.
   */
  readonly memoryBudgetBytes?: number;
  /**
   * Awaited with the last checkpoint given to `add` in a chunk (chunks without one are
   * skipped) once that chunk was accepted and, on an `IngestTarget` with a store
   * (`persistedUpTo`), written to it; and by `finish(checkpoint)` once everything was. This is
   * where a poller saves its cursor: only rows that a crash cannot take back lie behind it.
   * Checkpoints waiting for the store are reported after a later push or flush finds them
   * written; `finish` flushes the target for the last one. If it throws, the error
   * propagates; the chunk stays accepted and is not pushed again.
   */
  readonly onCheckpoint?: (checkpoint: C) => void | Promise<void>;
  /**
   * Told after each accepted chunk, before `onCheckpoint`, with the count of deltas accepted
   * so far (`stats.deltasPushed`): a poller's live progress for its host.
   */
  readonly onAccepted?: (deltasPushed: number) => void;
  /** The server HLC to start from (a restarted poller's last one). Default 0n. */
  readonly lastSeenHlc?: HLCTimestamp;
  /**
   * Every delta given to `add` is new, made by the caller's own clock for this pusher (as a
   * poller makes them), so pushes are sent as `fresh` and the target skips its re-send
   * check. A chunk is pushed again only after a rejection, when nothing of it was applied.
   * Default false.
   */
  readonly freshDeltas?: boolean;
}

export interface ChunkedPusherStats {
  /** Deltas in accepted pushes. */
  readonly deltasPushed: number;
  /** Accepted pushes. */
  readonly chunksPushed: number;
  /** Successful `flush()` calls on the target. */
  readonly flushes: number;
  /** Pushes sent again after a BACKPRESSURE rejection and a flush. */
  readonly retries: number;
  /** Deltas held, not yet accepted. */
  readonly pending: number;
}

/**
 * Pushes deltas in chunks while keeping an `IngestTarget`'s buffer within budget.
 *
 * Failures come back as `Err`, never as a throw, and lose nothing: the deltas of a rejected
 * chunk stay in the pusher (`pending`) and no checkpoint moves past them. The caller should
 * then end the cycle without saving progress (no `commit()` of a diff cycle; the cursor has
 * not moved past unaccepted rows), back off, and either call `finish()` later to push the
 * kept deltas again, or `discard()` them and read again from the last checkpoint: re-read
 * rows become the same column values, which last-writer-wins applies as a no-op.
 * Only a target or `onCheckpoint` that throws makes a call throw; the state stays consistent.
 */
export interface ChunkedPusher<C = unknown> {
  /**
   * Holds one delta; pushes a chunk once `chunkSize` deltas are held.
   * `checkpoint` (any value; `undefined` means none) is reported via `onCheckpoint` once
   * this delta and every one before it were accepted. Await each call before the next.
   */
  add(delta: RowDelta, checkpoint?: C): Promise<Result<void, LakeSyncError>>;
  /**
   * `add` for a loop over many rows: holds the delta and returns null when no chunk was due,
   * so most rows await nothing; when a chunk filled, returns its push, to await (as `add`'s
   * result) before the next call.
   */
  hold(delta: RowDelta, checkpoint?: C): Promise<Result<void, LakeSyncError>> | null;
  /**
   * Pushes whatever is held (end of a cycle), flushes an `IngestTarget` with a store until
   * every accepted delta is written there, then reports the checkpoints, `checkpoint` last.
   * Ok means every delta added so far was accepted and, where there is a store, persisted.
   */
  finish(checkpoint?: C): Promise<Result<void, LakeSyncError>>;
  /** Drops the held deltas and their checkpoints; returns how many there were. */
  discard(): number;
  /** Deltas held, not yet accepted. */
  readonly pending: number;
  /** The highest server HLC acknowledged so far; sent as `lastSeenHlc` with each push. */
  readonly lastSeenHlc: HLCTimestamp;
  readonly stats: ChunkedPusherStats;
}

/**
 * Creates the streaming accumulator every poller pushes through: deltas come in one at a
 * time and go out in chunks of `chunkSize`. Before each push to an `IngestTarget` whose
 * `shouldFlush()` is true or whose buffer is at 70% of `memoryBudgetBytes`, it flushes the
 * target; a push rejected with BACKPRESSURE is flushed and sent again once. A plain
 * `PushTarget` just gets the chunks.
 * @example
 * const pusher = createChunkedPusher({
 *   target: gateway,
 *   clientId: "ingest:events",
 *   memoryBudgetBytes: 64 * 1024 * 1024,
 *   onCheckpoint: (position: CursorPosition) => store.saveCursor("events", position),
 * });
 * for await (const { change, position } of cursorChanges(rows, options)) {
 *   const added = await pusher.add(makeDelta(change, "ingest:events", hlc.now()), position);
 *   if (!added.ok) return backOff(added.error);
 * }
 * const done = await pusher.finish();
 */
export function createChunkedPusher<C = unknown>(
  options: ChunkedPusherOptions<C>,
): ChunkedPusher<C> {
  return new Pusher(options);
}

const OK: Result<void, never> = Ok(undefined);
const OK_PROMISE: Promise<Result<void, never>> = Promise.resolve(OK);

class Pusher<C> implements ChunkedPusher<C> {
  readonly #target: PushTarget;
  readonly #ingest: IngestTarget | null;
  readonly #clientId: string;
  readonly #chunkSize: number;
  readonly #flushAtBytes: number;
  readonly #onCheckpoint: ((checkpoint: C) => void | Promise<void>) | undefined;
  readonly #onAccepted: ((deltasPushed: number) => void) | undefined;
  readonly #fresh: boolean;
  #lastSeenHlc: HLCTimestamp;
  #deltas: RowDelta[] = [];
  #checkpoints: (C | undefined)[] = [];
  /** The server HLC of the last delta accepted (0n before any). */
  #acceptedUpTo: HLCTimestamp = 0n;
  /** Checkpoints of accepted chunks, oldest first, until the store holds their deltas. */
  #unsaved: { readonly position: HLCTimestamp; readonly checkpoint: C }[] = [];
  #busy = false;
  #deltasPushed = 0;
  #chunksPushed = 0;
  #flushes = 0;
  #retries = 0;

  constructor(options: ChunkedPusherOptions<C>) {
    const { chunkSize = DEFAULT_CHUNK_SIZE, memoryBudgetBytes } = options;
    if (typeof options.clientId !== "string" || options.clientId.length === 0) {
      throw new TypeError("clientId must be a non-empty string");
    }
    if (!Number.isSafeInteger(chunkSize) || chunkSize < 1) {
      throw new RangeError(`chunkSize must be a positive integer, got ${chunkSize}`);
    }
    if (
      memoryBudgetBytes !== undefined &&
      !(memoryBudgetBytes > 0 && memoryBudgetBytes < 2 ** 53)
    ) {
      throw new RangeError(`memoryBudgetBytes must be a positive number, got ${memoryBudgetBytes}`);
    }
    this.#target = options.target;
    this.#ingest = isIngestTarget(options.target) ? options.target : null;
    this.#clientId = options.clientId;
    this.#chunkSize = chunkSize;
    this.#flushAtBytes =
      memoryBudgetBytes === undefined
        ? Number.POSITIVE_INFINITY
        : FLUSH_BUDGET_RATIO * memoryBudgetBytes;
    this.#onCheckpoint = options.onCheckpoint;
    this.#onAccepted = options.onAccepted;
    this.#fresh = options.freshDeltas === true;
    this.#lastSeenHlc = options.lastSeenHlc ?? 0n;
  }

  get pending(): number {
    return this.#deltas.length;
  }

  get lastSeenHlc(): HLCTimestamp {
    return this.#lastSeenHlc;
  }

  get stats(): ChunkedPusherStats {
    return {
      deltasPushed: this.#deltasPushed,
      chunksPushed: this.#chunksPushed,
      flushes: this.#flushes,
      retries: this.#retries,
      pending: this.#deltas.length,
    };
  }

  add(delta: RowDelta, checkpoint?: C): Promise<Result<void, LakeSyncError>> {
    if (this.#busy) return Promise.reject(overlapping());
    return this.hold(delta, checkpoint) ?? OK_PROMISE;
  }

  hold(delta: RowDelta, checkpoint?: C): Promise<Result<void, LakeSyncError>> | null {
    if (this.#busy) throw overlapping();
    this.#deltas.push(delta);
    this.#checkpoints.push(checkpoint);
    // Most calls only hold the delta: no async frame for them (this runs once per row).
    if (this.#deltas.length < this.#chunkSize) return null;
    this.#busy = true;
    return this.#pushFullChunks();
  }

  async #pushFullChunks(): Promise<Result<void, LakeSyncError>> {
    try {
      while (this.#deltas.length >= this.#chunkSize) {
        const pushed = await this.#pushChunk();
        if (!pushed.ok) return pushed;
      }
      return OK;
    } finally {
      this.#busy = false;
    }
  }

  async finish(checkpoint?: C): Promise<Result<void, LakeSyncError>> {
    this.#enter();
    try {
      while (this.#deltas.length > 0) {
        const pushed = await this.#pushChunk();
        if (!pushed.ok) return pushed;
      }
      const persisted = await this.#persistAccepted();
      if (!persisted.ok) return persisted;
      if (checkpoint !== undefined) this.#hold(checkpoint);
      await this.#saveCheckpoints();
      return OK;
    } finally {
      this.#busy = false;
    }
  }

  /**
   * Flushes the target until its store holds every delta this pusher got accepted. Twice at
   * most: a flush already running when asked covers only what was buffered when it began.
   */
  async #persistAccepted(): Promise<Result<void, LakeSyncError>> {
    const ingest = this.#ingest;
    for (
      let i = 0;
      i < 2 && ingest && (ingest.persistedUpTo ?? this.#acceptedUpTo) < this.#acceptedUpTo;
      i++
    ) {
      const flushed = await this.#flush(ingest);
      if (!flushed.ok) return flushed;
    }
    return OK;
  }

  /** Keeps a checkpoint until the deltas accepted so far are in the store. */
  #hold(checkpoint: C): void {
    if (this.#onCheckpoint) this.#unsaved.push({ position: this.#acceptedUpTo, checkpoint });
  }

  /** Reports the newest checkpoint whose deltas the store holds (all of them without a store). */
  async #saveCheckpoints(): Promise<void> {
    const stored = this.#ingest?.persistedUpTo;
    let saved = 0;
    while (saved < this.#unsaved.length) {
      const next = this.#unsaved[saved] as { position: HLCTimestamp };
      if (stored !== undefined && next.position > stored) break;
      saved += 1;
    }
    if (saved === 0) return;
    const { checkpoint } = this.#unsaved[saved - 1] as { checkpoint: C };
    this.#unsaved.splice(0, saved);
    // Held only when there is an onCheckpoint (`#hold`).
    await this.#onCheckpoint?.(checkpoint);
  }

  discard(): number {
    if (this.#busy) throw new Error("discard() called while a push is in flight");
    const count = this.#deltas.length;
    this.#deltas = [];
    this.#checkpoints = [];
    return count;
  }

  #enter(): void {
    if (this.#busy) throw overlapping();
    this.#busy = true;
  }

  // Pushes the first chunk held. On failure nothing is removed, so nothing is lost.
  async #pushChunk(): Promise<Result<void, LakeSyncError>> {
    const count = Math.min(this.#chunkSize, this.#deltas.length);
    const deltas = count === this.#deltas.length ? this.#deltas : this.#deltas.slice(0, count);
    const ingest = this.#ingest;

    if (ingest && (ingest.shouldFlush() || ingest.bufferStats.byteSize >= this.#flushAtBytes)) {
      const flushed = await this.#flush(ingest);
      if (!flushed.ok) return flushed;
    }
    const message: PushMessage = {
      clientId: this.#clientId,
      deltas,
      lastSeenHlc: this.#lastSeenHlc,
      ...(this.#fresh ? { fresh: true } : {}),
    };
    let pushed = await this.#target.push(message);
    if (!pushed.ok && pushed.error.code === "BACKPRESSURE" && ingest) {
      const flushed = await this.#flush(ingest);
      if (!flushed.ok) return flushed;
      this.#retries += 1;
      pushed = await this.#target.push(message);
    }
    if (!pushed.ok) return Err(pushed.error);

    if (pushed.value.serverHlc > this.#lastSeenHlc) this.#lastSeenHlc = pushed.value.serverHlc;
    if (pushed.value.accepted > 0 && pushed.value.serverHlc > this.#acceptedUpTo) {
      this.#acceptedUpTo = pushed.value.serverHlc;
    }
    let checkpoint: C | undefined;
    for (let i = count - 1; i >= 0 && checkpoint === undefined; i--) {
      checkpoint = this.#checkpoints[i];
    }
    if (count === this.#deltas.length) {
      this.#deltas = [];
      this.#checkpoints = [];
    } else {
      this.#deltas.splice(0, count);
      this.#checkpoints.splice(0, count);
    }
    this.#deltasPushed += count;
    this.#chunksPushed += 1;
    this.#onAccepted?.(this.#deltasPushed);
    if (checkpoint !== undefined) this.#hold(checkpoint);
    await this.#saveCheckpoints();
    return OK;
  }

  async #flush(ingest: IngestTarget): Promise<Result<void, LakeSyncError>> {
    const flushed = await ingest.flush();
    if (!flushed.ok) return Err(flushed.error);
    this.#flushes += 1;
    return OK;
  }
}

function overlapping(): Error {
  return new Error(
    "ChunkedPusher calls must not overlap: await each add(), hold() push and finish()",
  );
}
