import { redactSecrets } from "@lakesync/core";

/** Reasons BigQuery gives for failures that pass on their own. */
const TRANSIENT_REASONS = new Set(["rateLimitExceeded", "backendError", "internalError"]);
const TRANSIENT_STATUS = new Set([429, 500, 502, 503, 504]);

/** What BigQuery said about a failure, when it said it over HTTP. */
export interface BigQueryErrorDetails {
  readonly status?: number | undefined;
  readonly reason?: string | undefined;
  /** How long the answer's `Retry-After` asked to wait. */
  readonly retryAfterMs?: number | undefined;
}

/** A BigQuery failure: its HTTP status, its first `errors[].reason`, and its message. */
export class BigQueryError extends Error {
  override readonly name = "BigQueryError";
  readonly status: number | undefined;
  readonly reason: string | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(
    message: string,
    /** Worth retrying in place: rate limits, backend errors, a dropped connection. */
    readonly transient: boolean,
    details: BigQueryErrorDetails = {},
  ) {
    super(message);
    this.status = details.status;
    this.reason = details.reason;
    this.retryAfterMs = details.retryAfterMs;
  }

  /** A table or dataset the statement named does not exist. */
  get notFound(): boolean {
    return this.status === 404 || this.reason === "notFound";
  }

  /** A column the statement named is not in its table, or has a type it cannot compare. */
  get unknownColumn(): boolean {
    return (
      this.reason === "invalidQuery" &&
      /^(Unrecognized name|No matching signature)/.test(this.message)
    );
  }
}

/**
 * A non-2xx answer as a {@link BigQueryError}: the message of BigQuery's error body
 * (`{"error":{"message","errors":[{"reason","message"}]}}`), else the status text.
 */
export function errorOfResponse(
  status: number,
  statusText: string,
  body: unknown,
  retryAfterMs: number | undefined,
): BigQueryError {
  const error = (body as { error?: unknown } | undefined)?.error as
    | { message?: unknown; errors?: { reason?: unknown; message?: unknown }[] }
    | undefined;
  const first = Array.isArray(error?.errors) ? error.errors[0] : undefined;
  const reason = typeof first?.reason === "string" ? first.reason : undefined;
  const said = [first?.message, error?.message].find((m) => typeof m === "string" && m !== "");
  const raw = (said as string | undefined) ?? (statusText || "BigQuery's error body is missing");
  const transient =
    TRANSIENT_STATUS.has(status) || (reason !== undefined && TRANSIENT_REASONS.has(reason));
  return new BigQueryError(
    `${redactSecrets(raw)} (HTTP ${status}${reason ? `, ${reason}` : ""})`,
    transient,
    { status, reason, retryAfterMs },
  );
}

/** An answer that is not what the call gets from BigQuery. */
export function unexpectedAnswer(what: string, problem: string): BigQueryError {
  return new BigQueryError(
    `BigQuery answered an unexpected response to ${what}: ${problem}`,
    false,
  );
}

/** Any failure as a {@link BigQueryError}, without secrets. */
export function toBigQueryError(err: unknown): BigQueryError {
  if (err instanceof BigQueryError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new BigQueryError(redactSecrets(message), false);
}
