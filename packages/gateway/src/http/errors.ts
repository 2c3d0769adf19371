import type { LakeSyncErrorCode, ValidationIssue } from "@lakesync/core";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { redactSecrets } from "./redact.js";

/**
 * Every code an error body can carry: LakeSync's own, plus three that only the HTTP edge
 * produces (no route, wrong method, body not JSON).
 */
export type HttpErrorCode =
  | LakeSyncErrorCode
  | "NOT_FOUND"
  | "METHOD_NOT_ALLOWED"
  | "UNSUPPORTED_MEDIA_TYPE";

/** The one table that maps error codes to HTTP status. */
export const httpStatusByCode = {
  INVALID_CONFIG: 400,
  INVALID_REQUEST: 400,
  INVALID_SYNC_RULES: 400,
  INVALID_SCHEMA: 400,
  INVALID_DELTA: 400,
  INVALID_HLC: 400,
  UNKNOWN_CONNECTOR_TYPE: 400,
  CONNECTOR_CHECK_FAILED: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  CONNECTOR_NOT_FOUND: 404,
  SOURCE_NOT_FOUND: 404,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONNECTOR_EXISTS: 409,
  CLOCK_DRIFT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  ADAPTER_ERROR: 502,
  UPSTREAM_ERROR: 502,
  BACKPRESSURE: 503,
  FLUSH_ERROR: 503,
} as const satisfies Record<HttpErrorCode, ContentfulStatusCode>;

/** Seconds a client should wait before retrying, sent as `Retry-After`. */
const retryAfterSeconds: Partial<Record<HttpErrorCode, number>> = {
  BACKPRESSURE: 1,
  FLUSH_ERROR: 5,
  RATE_LIMITED: 1,
};

/** An error to answer with. `LakeSyncError` and `ValidationError` are problems as they are. */
export interface Problem {
  readonly code: HttpErrorCode;
  readonly message: string;
  readonly issues?: readonly ValidationIssue[] | undefined;
}

/** The body of every error response. */
export interface ErrorBody {
  readonly error: {
    readonly code: HttpErrorCode;
    readonly message: string;
    readonly issues?: readonly ValidationIssue[];
  };
}

/** A problem from its parts. */
export function problem(
  code: HttpErrorCode,
  message: string,
  issues?: readonly ValidationIssue[],
): Problem {
  return issues ? { code, message, issues } : { code, message };
}

/** The status a code maps to; an unknown code (a bug) is a 500. */
export function statusOf(code: string): ContentfulStatusCode {
  return Object.hasOwn(httpStatusByCode, code)
    ? httpStatusByCode[code as HttpErrorCode]
    : httpStatusByCode.INTERNAL;
}

/** `{ error: { code, message, issues? } }`, with anything that looks like a secret removed. */
export function errorBody(p: Problem): ErrorBody {
  const issues = p.issues?.map((i) => ({ path: i.path, message: redactSecrets(i.message) }));
  return {
    error: {
      code: p.code,
      message: redactSecrets(p.message),
      ...(issues && issues.length > 0 ? { issues } : {}),
    },
  };
}

/**
 * Answers with a problem: its status from the table, `WWW-Authenticate` on a 401 and
 * `Retry-After` on a retryable one, plus `extraHeaders`.
 */
export function errorResponse(
  c: Context,
  p: Problem,
  extraHeaders: Readonly<Record<string, string>> = {},
): Response {
  const status = statusOf(p.code);
  const headers: Record<string, string> = { ...extraHeaders };
  if (status === 401) headers["WWW-Authenticate"] = 'Bearer realm="lakesync"';
  const retry = retryAfterSeconds[p.code];
  if (retry !== undefined) headers["Retry-After"] = String(retry);
  return c.json(errorBody(p), status, headers);
}
