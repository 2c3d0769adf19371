/** Every error code LakeSync reports. The HTTP edge maps each to one status. */
export type LakeSyncErrorCode =
  | "INVALID_CONFIG"
  | "INVALID_REQUEST"
  | "INVALID_SYNC_RULES"
  | "INVALID_SCHEMA"
  | "INVALID_DELTA"
  | "INVALID_HLC"
  | "CONNECTOR_EXISTS"
  | "CONNECTOR_CHECK_FAILED"
  | "CONNECTOR_NOT_FOUND"
  | "UNKNOWN_CONNECTOR_TYPE"
  | "SOURCE_NOT_FOUND"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "PAYLOAD_TOO_LARGE"
  | "BACKPRESSURE"
  | "CLOCK_DRIFT"
  | "ADAPTER_ERROR"
  | "FLUSH_ERROR"
  | "UPSTREAM_ERROR"
  | "RATE_LIMITED"
  | "INTERNAL";

/**
 * One problem with an input, located by its field path (`postgres.connectionString`).
 * `message` is a whole sentence that names the path, so it reads well alone.
 */
export interface ValidationIssue {
  readonly path: string;
  readonly message: string;
}

/** The base of every error LakeSync returns as a value. */
export class LakeSyncError extends Error {
  readonly code: LakeSyncErrorCode;

  constructor(code: LakeSyncErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "LakeSyncError";
    this.code = code;
  }
}

/** Input that failed validation; `issues` names every problem with its field path. */
export class ValidationError extends LakeSyncError {
  readonly issues: readonly ValidationIssue[];

  constructor(
    issues: readonly ValidationIssue[],
    code: Extract<
      LakeSyncErrorCode,
      | "INVALID_CONFIG"
      | "INVALID_REQUEST"
      | "INVALID_SYNC_RULES"
      | "INVALID_SCHEMA"
      | "INVALID_DELTA"
      | "INVALID_HLC"
      | "UNKNOWN_CONNECTOR_TYPE"
    > = "INVALID_REQUEST",
  ) {
    super(code, formatIssues(issues));
    this.name = "ValidationError";
    this.issues = issues;
  }
}

/** The gateway's buffer is over its budget: flush, then push again. */
export class BackpressureError extends LakeSyncError {
  constructor(message = "Gateway buffer is over its byte budget; flush and retry") {
    super("BACKPRESSURE", message);
    this.name = "BackpressureError";
  }
}

/** A remote clock is further from ours than the allowed drift. */
export class ClockDriftError extends LakeSyncError {
  constructor(message: string) {
    super("CLOCK_DRIFT", message);
    this.name = "ClockDriftError";
  }
}

/** Writing buffered deltas to the store failed; they stay buffered. */
export class FlushError extends LakeSyncError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("FLUSH_ERROR", message, options);
    this.name = "FlushError";
  }
}

/** A database adapter failed (connection, query, write). */
export class AdapterError extends LakeSyncError {
  /** How long the source asked callers to wait before trying again (a 429's Retry-After), if it did. */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options?: { cause?: unknown; retryAfterMs?: number }) {
    super("ADAPTER_ERROR", message, options?.cause === undefined ? {} : { cause: options.cause });
    this.name = "AdapterError";
    this.retryAfterMs = options?.retryAfterMs;
  }
}

function formatIssues(issues: readonly ValidationIssue[]): string {
  if (issues.length === 0) return "Invalid input";
  return issues.map((i) => i.message).join("; ");
}
