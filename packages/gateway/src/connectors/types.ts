import type {
  ConnectorConfig,
  DatabaseAdapter,
  LakeSyncError,
  LakeSyncErrorCode,
  Result,
} from "@lakesync/core";
import type { SyncGateway } from "../engine/sync-gateway.js";

/**
 * Why a poll failed, and what the host should do about it: retry with backoff (the default),
 * wait as the upstream asked (`retryAfterMs`), or stop for good (`fatal`: bad credentials).
 * The message must never hold a secret.
 */
export class PollError extends Error {
  readonly code: LakeSyncErrorCode;
  readonly fatal: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(
    code: LakeSyncErrorCode,
    message: string,
    options: { fatal?: boolean; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "PollError";
    this.code = code;
    this.fatal = options.fatal ?? false;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** What one finished poll did. */
export interface PollReport {
  readonly deltasPushed: number;
  /** Problems that did not stop the poll (one entity failing while others synced). */
  readonly warnings?: readonly string[];
}

/** Persisted state of one connector (cursors, diff snapshots), by key. Survives restarts. */
export interface ConnectorStateStore {
  load(key: string): Promise<Uint8Array | null>;
  save(key: string, value: Uint8Array): Promise<void>;
  delete(key: string): Promise<void>;
}

/** The outbound URL check API connectors must pass every vendor URL through. */
export type UrlGuard = (url: string) => Result<URL, LakeSyncError>;

/** What a factory gets to build a connector's runtime. */
export interface ConnectorContext {
  readonly gatewayId: string;
  /** The validated config, secrets included: use them only to reach the source. */
  readonly config: ConnectorConfig;
  /** Where pollers push (an IngestTarget). */
  readonly gateway: SyncGateway;
  readonly state: ConnectorStateStore;
  readonly urlGuard: UrlGuard;
  readonly fetch: typeof fetch;
  readonly log: (level: "debug" | "info" | "warn" | "error", msg: string, fields?: object) => void;
  /**
   * Tells the host a running poll is waiting out a rate limit or a retry (`waitMs`, `reason`
   * without secrets), so its status shows `backing_off` meanwhile; `null` when it goes on.
   * Optional: hosts that show no live status leave it out.
   */
  readonly onWait?:
    | ((wait: { readonly waitMs: number; readonly reason: string } | null) => void)
    | undefined;
  /**
   * Tells the host how many deltas of the running poll the gateway accepted so far, so its
   * status counts them while a long poll (an initial sync) runs; the poll's report still
   * gives the total. Optional, like `onWait`.
   */
  readonly onProgress?: ((progress: { readonly deltasPushed: number }) => void) | undefined;
}

/**
 * A registered connector's live parts. The host schedules `poll` every `ingest.intervalMs`
 * (never overlapping), backs off on failure, and calls `close` on unregister or shutdown.
 */
export interface ConnectorRuntime {
  /** A named source for `?source=` pulls (database connectors). */
  readonly source?: DatabaseAdapter;
  /** One poll cycle into the gateway. Present for API connectors and database ingest. */
  readonly poll?: (signal: AbortSignal) => Promise<Result<PollReport, PollError>>;
  close(): Promise<void>;
}

/**
 * Builds a connector's runtime when one of its type is registered. It should check what it
 * can up front (reachability, credentials, queries) and answer an Err to refuse the register.
 */
export type ConnectorFactory = (
  context: ConnectorContext,
) => Promise<Result<ConnectorRuntime, LakeSyncError>>;
