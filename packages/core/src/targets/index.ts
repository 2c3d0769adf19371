import type { RowDelta } from "../delta/index.js";
import type { FlushError, LakeSyncError } from "../errors/index.js";
import type { HLCTimestamp } from "../hlc/index.js";
import type { Result } from "../result/index.js";

/** A batch of deltas from one client. */
export interface PushMessage {
  readonly clientId: string;
  readonly deltas: readonly RowDelta[];
  /** The last server HLC this client saw (0n when none). */
  readonly lastSeenHlc: HLCTimestamp;
  /**
   * Every delta was just made for this push, stamped by the sender's own clock, so none can
   * be a re-send: an in-process gateway then skips its re-send check and does not remember
   * the ids. Set by in-process pollers (`ChunkedPusher` with `freshDeltas`); a push body
   * that carries it is refused (400).
   */
  readonly fresh?: boolean;
}

/** What a target answers to an accepted push. */
export interface PushAck {
  readonly serverHlc: HLCTimestamp;
  /** How many deltas were new (re-sent ones are no-ops). */
  readonly accepted: number;
}

/** Anything that takes pushes: a gateway, or a client talking to one. */
export interface PushTarget {
  push(msg: PushMessage): Promise<Result<PushAck, LakeSyncError>>;
}

/** The size of a target's in-memory buffer. */
export interface BufferStats {
  readonly logSize: number;
  readonly indexSize: number;
  readonly byteSize: number;
}

/** A push target with a buffer it can flush: ingest pollers keep it within budget. */
export interface IngestTarget extends PushTarget {
  flush(): Promise<Result<void, FlushError>>;
  shouldFlush(): boolean;
  readonly bufferStats: BufferStats;
  /**
   * The server HLC up to which accepted deltas are written to the target's store, so a crash
   * keeps them; undefined when it has no store (acceptance is then as far as they go).
   * Pollers save a cursor only once the deltas behind it are this far.
   */
  readonly persistedUpTo?: HLCTimestamp | undefined;
}

/** Whether a target supports flush, so pollers can manage its memory. */
export function isIngestTarget(target: PushTarget): target is IngestTarget {
  const t = target as Partial<IngestTarget>;
  return (
    typeof t.flush === "function" &&
    typeof t.shouldFlush === "function" &&
    typeof t.bufferStats === "object" &&
    t.bufferStats !== null
  );
}
