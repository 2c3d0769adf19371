/**
 * Database errors without secrets. mysql2 errors carry the failed statement (`sql`), and a
 * connection string can be echoed by a URL parser; what leaves this package is only the
 * driver's message and its code (`ER_NO_SUCH_TABLE`, `ECONNREFUSED`), with anything that
 * looks like a credential masked.
 */

import { dbErrorCode, dbErrorMessage, describeDbError, redactSecrets } from "@lakesync/core";

export { dbErrorCode, describeDbError, redactSecrets };

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

/** A driver error as a {@link SqlClientError}; statement text and parameters are dropped. */
export function toSqlClientError(err: unknown, secrets: readonly string[] = []): SqlClientError {
  if (err instanceof SqlClientError && secrets.length === 0) return err;
  const sqlState = (err as { sqlState?: unknown } | null)?.sqlState;
  return new SqlClientError(
    redactSecrets(dbErrorMessage(err), secrets),
    dbErrorCode(err),
    typeof sqlState === "string" && sqlState ? sqlState : undefined,
  );
}
