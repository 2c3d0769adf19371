/** What went wrong talking to Salesforce: decides whether a poll retries, waits, skips or stops. */
export type SalesforceErrorKind =
  /** The OAuth login was refused (`invalid_grant`, `invalid_client_id`, ...), or a 401 twice. */
  | "auth"
  /** 503 with `Retry-After` (or a login rate limit): wait `retryAfterMs`. */
  | "rate_limited"
  /** 403 `REQUEST_LIMIT_EXCEEDED`: the org's rolling 24-hour API limit is used up. */
  | "limit_exceeded"
  /** Other 5xx, network failures, bodies that are not Salesforce's. */
  | "upstream"
  /** The login answered an `instance_url` the server's outbound URL guard refuses. */
  | "config"
  /** A 4xx about the request itself: `INVALID_FIELD`, `MALFORMED_QUERY`, `INVALID_TYPE`, ... */
  | "request";

/**
 * A failed Salesforce call. The message names the call, the status and Salesforce's own
 * `errorCode`/`message` (or `error`/`error_description` for the login), never a credential.
 */
export class SalesforceApiError extends Error {
  readonly kind: SalesforceErrorKind;
  readonly status: number | undefined;
  /** Salesforce's `errorCode` (REST) or `error` (OAuth), e.g. `INVALID_FIELD`, `invalid_grant`. */
  readonly errorCode: string | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(
    kind: SalesforceErrorKind,
    message: string,
    options: { status?: number; errorCode?: string; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "SalesforceApiError";
    this.kind = kind;
    this.status = options.status;
    this.errorCode = options.errorCode;
    this.retryAfterMs = options.retryAfterMs;
  }
}

export { parseRetryAfter } from "@lakesync/core";
