/**
 * Database errors without secrets. Driver errors can carry a connection string, a password
 * or the parameters of the failed statement; what leaves this package is only the driver's
 * message and its SQLSTATE (or socket) code, with anything that looks like a credential masked.
 */

import { dbErrorCode, dbErrorMessage, describeDbError, redactSecrets } from "@lakesync/core";

export { dbErrorCode, describeDbError, redactSecrets };

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

/** A driver error as a {@link SqlClientError}; statement text and parameters are dropped. */
export function toSqlClientError(err: unknown, secrets: readonly string[] = []): SqlClientError {
  if (err instanceof SqlClientError && secrets.length === 0) return err;
  return new SqlClientError(redactSecrets(dbErrorMessage(err), secrets), dbErrorCode(err));
}
