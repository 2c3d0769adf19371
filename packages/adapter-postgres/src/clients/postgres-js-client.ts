import postgres from "postgres";
import { SqlClientError, toSqlClientError } from "../db-error.js";
import type { SqlClient } from "../sql-client.js";
import { callerFailures } from "./transaction.js";

/** Options of {@link postgresJsClient}; ignored when an existing `sql` instance is given. */
export interface PostgresJsClientOptions {
  /** Pool size (postgres.js `max`). Default 10. */
  readonly max?: number;
  /** Server-side `statement_timeout` of every connection, in ms. Default: the server's. */
  readonly statementTimeoutMs?: number;
  /** Seconds to wait for a connection before failing. Default 30. */
  readonly connectTimeoutSeconds?: number;
  /**
   * Date and time values (`timestamptz`, `timestamp`, `date`, `time`, `timetz`) come back as
   * PostgreSQL's own text (`2024-01-02 10:00:00.123456+00`) instead of JS Dates, which keep
   * only milliseconds: what an ingest source needs to sync them exactly. Default false.
   */
  readonly exactTimestamps?: boolean;
}

/** The OIDs of the date and time types, and a parser that keeps their text as it is. */
const DATE_TIME_OIDS = [1082, 1083, 1114, 1184, 1266];
const asText = {
  to: 1184,
  from: DATE_TIME_OIDS,
  serialize: (value: unknown) => (value instanceof Date ? value.toISOString() : String(value)),
  parse: (text: string) => text,
};

/** What the client uses of a postgres.js `Sql` instance or of a transaction's. */
type Queryable = Pick<postgres.Sql, "unsafe"> & {
  savepoint?: postgres.TransactionSql["savepoint"];
};

/**
 * A {@link SqlClient} over postgres.js. The connection string is used as given (`sslmode`,
 * `options`, ... included). Given an existing `sql` instance, the client wraps it and
 * `close()` ends it. Errors are thrown as `SqlClientError`s with no password in them.
 * @example
 * const client = postgresJsClient(process.env.DATABASE_URL, { max: 5, statementTimeoutMs: 30_000 });
 * const rows = await client.query("select $1::text as hello", ["world"]);
 */
export function postgresJsClient(
  connectionStringOrSql: string | postgres.Sql,
  options: PostgresJsClientOptions = {},
): SqlClient {
  const secrets = passwordsOf(connectionStringOrSql);
  const sql =
    typeof connectionStringOrSql === "string"
      ? connect(connectionStringOrSql, options, secrets)
      : connectionStringOrSql;

  const wrap = (db: Queryable, inTransaction: boolean): SqlClient => ({
    async query<T extends Record<string, unknown>>(text: string, params: readonly unknown[] = []) {
      try {
        // Values are bound, never spliced into the text. postgres.js types `unsafe`'s
        // parameters loosely; ours are strings, numbers, booleans and nulls.
        const rows = await db.unsafe(text, params as postgres.ParameterOrJSON<never>[]);
        return [...rows] as unknown as T[];
      } catch (err) {
        throw toSqlClientError(err, secrets);
      }
    },
    async *cursor<T extends Record<string, unknown>>(
      text: string,
      params: readonly unknown[],
      batchSize: number,
    ) {
      try {
        const pending = db.unsafe(text, params as postgres.ParameterOrJSON<never>[]);
        for await (const rows of pending.cursor(batchSize)) yield [...rows] as unknown as T[];
      } catch (err) {
        throw toSqlClientError(err, secrets);
      }
    },
    async transaction<R>(fn: (tx: SqlClient) => Promise<R>): Promise<R> {
      // postgres.js fails a whole transaction when any query in it fails, even a caught one;
      // a nested transaction must be its savepoint scope for the outer one to survive.
      const failed = callerFailures();
      const body = (tx: postgres.TransactionSql) => failed.track(fn(wrap(tx, true)));
      try {
        if (inTransaction && db.savepoint) return (await db.savepoint(body)) as R;
        return (await sql.begin(body)) as R;
      } catch (err) {
        throw failed.has(err) ? err : toSqlClientError(err, secrets);
      }
    },
    async close() {
      if (inTransaction) return;
      await sql.end({ timeout: 5 });
    },
  });
  return wrap(sql, false);
}

/**
 * A postgres.js pool for a connection string. A string it cannot parse is an error thrown
 * here, cleaned: Node's URL error carries the whole string (password included) in `input`.
 */
function connect(url: string, options: PostgresJsClientOptions, secrets: string[]): postgres.Sql {
  try {
    return postgres(url, {
      ...(options.max !== undefined ? { max: options.max } : {}),
      ...(options.connectTimeoutSeconds !== undefined
        ? { connect_timeout: options.connectTimeoutSeconds }
        : {}),
      ...(options.statementTimeoutMs !== undefined
        ? { connection: { statement_timeout: Math.max(0, Math.floor(options.statementTimeoutMs)) } }
        : {}),
      ...(options.exactTimestamps ? { types: { dateTimeAsText: asText } } : {}),
      // postgres.js prints NOTICEs ("relation already exists, skipping") by default.
      onnotice: () => {},
    });
  } catch (err) {
    const cleaned = toSqlClientError(err, secrets);
    throw new SqlClientError(
      `Invalid PostgreSQL connection string: ${cleaned.message}`,
      cleaned.code,
    );
  }
}

function passwordsOf(input: string | postgres.Sql): string[] {
  if (typeof input === "string") {
    try {
      const password = new URL(input).password;
      return password ? [password, decodeURIComponent(password)] : [];
    } catch {
      return [];
    }
  }
  const pass = (input.options as { pass?: unknown }).pass;
  return typeof pass === "string" && pass ? [pass] : [];
}
