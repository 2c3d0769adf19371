import { redactSecrets } from "@lakesync/core";

/** Reasons BigQuery gives for failures that pass on their own. */
const TRANSIENT_REASONS = new Set(["rateLimitExceeded", "backendError", "internalError"]);
const TRANSIENT_STATUS = new Set([429, 500, 502, 503, 504]);

/** A BigQuery failure: its HTTP status, its first `errors[].reason`, and its message. */
export class BigQueryError extends Error {
  override readonly name = "BigQueryError";
  constructor(
    message: string,
    /** Worth retrying in place: rate limits and backend errors. */
    readonly transient: boolean,
    readonly status?: number,
    readonly reason?: string,
  ) {
    super(message);
  }

  /** A table or dataset the statement named does not exist. */
  get notFound(): boolean {
    return this.status === 404 || this.reason === "notFound";
  }
}

/** Any failure of a request (ApiError, network error) as a {@link BigQueryError}, no secrets. */
export function toBigQueryError(err: unknown): BigQueryError {
  if (err instanceof BigQueryError) return err;
  const e = err as {
    code?: number | string;
    message?: string;
    errors?: { reason?: string; message?: string }[];
  };
  const status = typeof e?.code === "number" ? e.code : undefined;
  const reason = e?.errors?.[0]?.reason;
  const raw = e?.errors?.[0]?.message || e?.message || String(err);
  const network = typeof e?.code === "string";
  const transient =
    network ||
    (status !== undefined && TRANSIENT_STATUS.has(status)) ||
    (reason !== undefined && TRANSIENT_REASONS.has(reason));
  const where = status !== undefined ? ` (HTTP ${status}${reason ? `, ${reason}` : ""})` : "";
  return new BigQueryError(`${redactSecrets(raw)}${where}`, transient, status, reason);
}
