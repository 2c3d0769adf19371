/**
 * Database errors without secrets. Driver errors can carry a connection string, a password
 * or the parameters of the failed statement; what leaves this package is only the driver's
 * message and its SQLSTATE (or socket) code, with anything that looks like a credential masked.
 */

import { redactSecrets } from "@lakesync/core";

export { redactSecrets };

/** An error thrown by a {@link SqlClient}: the driver's message, cleaned, and its code. */
export class SqlClientError extends Error {
  /** SQLSTATE (`42P01`) or socket code (`ECONNREFUSED`) when the driver gave one. */
  readonly code: string | undefined;

  constructor(message: string, code: string | undefined) {
    super(message);
    this.name = "SqlClientError";
    this.code = code;
  }
}

/**
 * The message and code of a database error, safe to show or log: credentials in URLs
 * (`postgres://user:pass@`), `password=…` pairs and each of `secrets` are masked.
 * @example describeDbError(err) // 'relation "todos" does not exist (42P01)'
 */
export function describeDbError(err: unknown, secrets: readonly string[] = []): string {
  const message = messageOf(err);
  const code = dbErrorCode(err);
  const text = code && !message.includes(code) ? `${message} (${code})` : message;
  return redactSecrets(text, secrets);
}

/** The SQLSTATE or socket code of a driver error, if it has one. */
export function dbErrorCode(err: unknown): string | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  return typeof code === "string" && code.length > 0 ? code : undefined;
}

/** A driver error as a {@link SqlClientError}; statement text and parameters are dropped. */
export function toSqlClientError(err: unknown, secrets: readonly string[] = []): SqlClientError {
  if (err instanceof SqlClientError && secrets.length === 0) return err;
  return new SqlClientError(redactSecrets(messageOf(err), secrets), dbErrorCode(err));
}

function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  if (typeof err === "string") return err;
  if (typeof err === "object" && err !== null) {
    const message = (err as { message?: unknown }).message;
    if (typeof message === "string") return message;
  }
  return "Unknown database error";
}
