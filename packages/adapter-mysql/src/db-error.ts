/**
 * Database errors without secrets. mysql2 errors carry the failed statement (`sql`), and a
 * connection string can be echoed by a URL parser; what leaves this package is only the
 * driver's message and its code (`ER_NO_SUCH_TABLE`, `ECONNREFUSED`), with anything that
 * looks like a credential masked.
 */

import { redactSecrets } from "@lakesync/core";

export { redactSecrets };

/** An error thrown by a {@link MySqlClient}: the driver's message, cleaned, and its code. */
export class SqlClientError extends Error {
  /** The driver's code (`ER_NO_SUCH_TABLE`) or socket code (`ECONNREFUSED`) when it gave one. */
  readonly code: string | undefined;
  /** The SQLSTATE (`42S02`) when the server gave one. */
  readonly sqlState: string | undefined;

  constructor(message: string, code: string | undefined, sqlState?: string) {
    super(message);
    this.name = "SqlClientError";
    this.code = code;
    this.sqlState = sqlState;
  }
}

/**
 * The message and code of a database error, safe to show or log: credentials in URLs
 * (`mysql://user:pass@`), `password=…` pairs and each of `secrets` are masked.
 * @example describeDbError(err) // "Table 'app.todos' doesn't exist (ER_NO_SUCH_TABLE)"
 */
export function describeDbError(err: unknown, secrets: readonly string[] = []): string {
  const message = messageOf(err);
  const code = dbErrorCode(err);
  const text = code && !message.includes(code) ? `${message} (${code})` : message;
  return redactSecrets(text, secrets);
}

/** The driver or socket code of an error, if it has one. */
export function dbErrorCode(err: unknown): string | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  return typeof code === "string" && code.length > 0 ? code : undefined;
}

/** A driver error as a {@link SqlClientError}; statement text and parameters are dropped. */
export function toSqlClientError(err: unknown, secrets: readonly string[] = []): SqlClientError {
  if (err instanceof SqlClientError && secrets.length === 0) return err;
  const sqlState = (err as { sqlState?: unknown } | null)?.sqlState;
  return new SqlClientError(
    redactSecrets(messageOf(err), secrets),
    dbErrorCode(err),
    typeof sqlState === "string" && sqlState ? sqlState : undefined,
  );
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
