/** What went wrong talking to Jira: decides whether a poll retries, waits or stops. */
export type JiraErrorKind =
  /** 401/403: wrong email, token or permissions. Retrying will not help. */
  | "auth"
  /** 429, or 503 with `Retry-After`: wait `retryAfterMs`. */
  | "rate_limited"
  /** Other 5xx, network failures, bodies that are not Jira's. */
  | "upstream"
  /** A 4xx other than the above: a bad JQL, a missing issue. */
  | "request";

/**
 * A failed Jira call. The message names the method, path and status and Jira's own
 * `errorMessages`, never the credentials.
 */
export class JiraApiError extends Error {
  readonly kind: JiraErrorKind;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(
    kind: JiraErrorKind,
    message: string,
    options: { status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "JiraApiError";
    this.kind = kind;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }
}

export { parseRetryAfter } from "@lakesync/core";
