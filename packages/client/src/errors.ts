import type { LakeSyncErrorCode, ValidationIssue } from "@lakesync/core";

/**
 * Every code an error of this client can carry: the server's (docs/admin-api.md), plus
 * `HTTP_ERROR` (an error status without a LakeSync body, e.g. a proxy's 502 page) and
 * `INVALID_RESPONSE` (a success status whose body is not the expected JSON).
 */
export type ApiErrorCode =
  | LakeSyncErrorCode
  | "NOT_FOUND"
  | "METHOD_NOT_ALLOWED"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "HTTP_ERROR"
  | "INVALID_RESPONSE";

/** The base of every error this package throws. */
export class LakeSyncClientError extends Error {
  override readonly name: string = "LakeSyncClientError";
}

/**
 * The gateway answered with an error: its HTTP `status`, the body's `code` and `message`,
 * and `issues` (one per invalid field) for validation errors.
 * @example
 * try {
 *   await client.connectors.register(config);
 * } catch (error) {
 *   if (error instanceof LakeSyncApiError && error.code === "CONNECTOR_EXISTS") ...
 * }
 */
export class LakeSyncApiError extends LakeSyncClientError {
  override readonly name = "LakeSyncApiError";
  readonly status: number;
  /** A server code; an unknown string when the server is newer than this client. */
  readonly code: ApiErrorCode | (string & {});
  readonly issues: readonly ValidationIssue[];
  /** Seconds from `Retry-After` (429, 503), when the server sent it. */
  readonly retryAfterSeconds: number | undefined;

  constructor(init: {
    status: number;
    code: string;
    message: string;
    issues?: readonly ValidationIssue[] | undefined;
    retryAfterSeconds?: number | undefined;
  }) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.issues = init.issues ?? [];
    this.retryAfterSeconds = init.retryAfterSeconds;
  }
}

/** The gateway could not be reached (DNS, refused connection, TLS, abort...): no answer at all. */
export class LakeSyncNetworkError extends LakeSyncClientError {
  override readonly name = "LakeSyncNetworkError";

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
