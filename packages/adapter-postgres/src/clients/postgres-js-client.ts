import { postgresUrl } from "@lakesync/core";
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
  /**
   * Whether a string without a password falls back to the `PGPASSWORD` of this process's
   * environment, as libpq does. Default true. Connectors set false: a password of the
   * server's own must never go to a host named by an API caller.
   */
  readonly environmentPassword?: boolean;
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
  const url = typeof connectionStringOrSql === "string" ? driverUrl(connectionStringOrSql) : null;
  const secrets = passwordsOf(url ?? connectionStringOrSql);
  const open = (): postgres.Sql =>
    url !== null ? connect(url, options, secrets) : (connectionStringOrSql as postgres.Sql);
  let sql = open();
  const guard = connectGuard(options.connectTimeoutSeconds, () => {
    // A pool that never reached the server is dropped (its waiting queries with it) and a
    // new one is made for the next query; an instance given by the caller is kept.
    if (typeof connectionStringOrSql !== "string") return;
    const stale = sql;
    sql = open();
    void stale.end({ timeout: 0 }).catch(() => {});
  });

  // The option applies to pools made here; a given instance keeps its own parsers.
  const datesAsText = options.exactTimestamps === true && typeof connectionStringOrSql === "string";
  // Reads and transactions under way: close() cuts them off rather than wait for them.
  let running = 0;
  // The statements sent and not yet answered: cut off, each is cancelled on the server too.
  const statements = new RunningStatements();
  const wrap = (current: () => Queryable, inTransaction: boolean): SqlClient => ({
    datesAsText,
    async query<T extends Record<string, unknown>>(text: string, params: readonly unknown[] = []) {
      running += 1;
      // Values are bound, never spliced into the text. postgres.js types `unsafe`'s
      // parameters loosely; ours are strings, numbers, booleans and nulls.
      const pending = current().unsafe(text, params as postgres.ParameterOrJSON<never>[]);
      const done = statements.add(pending);
      try {
        const rows = await guard.run(inTransaction, () => pending);
        return [...rows] as unknown as T[];
      } catch (err) {
        throw toSqlClientError(err, secrets);
      } finally {
        done();
        running -= 1;
      }
    },
    async *cursor<T extends Record<string, unknown>>(
      text: string,
      params: readonly unknown[],
      batchSize: number,
    ) {
      const pending = current().unsafe(text, params as postgres.ParameterOrJSON<never>[]);
      const batches = pending.cursor(batchSize)[Symbol.asyncIterator]();
      let following: ReturnType<typeof batches.next> | null = null;
      running += 1;
      const done = statements.add(pending);
      try {
        let next = await guard.run(inTransaction, () => batches.next());
        while (!next.done) {
          const rows = [...next.value] as unknown as T[];
          // The next batch is asked for now: the server reads it while the caller works on
          // this one (postgres.js fills a new array for it).
          following = batches.next();
          following.catch(() => {});
          yield rows;
          next = await following;
          following = null;
        }
      } catch (err) {
        throw toSqlClientError(err, secrets);
      } finally {
        // A caller that stops early: the batch asked for arrives, then the cursor closes,
        // so its connection goes back to the pool.
        if (following) {
          const last = await following.catch(() => null);
          if (last && !last.done) await batches.return?.();
        }
        done();
        running -= 1;
      }
    },
    async transaction<R>(fn: (tx: SqlClient) => Promise<R>): Promise<R> {
      // postgres.js fails a whole transaction when any query in it fails, even a caught one;
      // a nested transaction must be its savepoint scope for the outer one to survive.
      const failed = callerFailures();
      const body = (tx: postgres.TransactionSql) => failed.track(fn(wrap(() => tx, true)));
      running += 1;
      try {
        const db = current();
        if (inTransaction && db.savepoint) return (await db.savepoint(body)) as R;
        return (await guard.run(false, () => sql.begin(body))) as R;
      } catch (err) {
        throw failed.has(err) ? err : toSqlClientError(err, secrets);
      } finally {
        running -= 1;
      }
    },
    async interrupt() {
      // A pool made here is swapped for a new one and the old one's connections destroyed:
      // what ran on them fails, the next query connects afresh.
      if (inTransaction || url === null) return;
      const stale = sql;
      sql = open();
      await statements.cancelAll();
      await stale.end({ timeout: 0 }).catch(() => {});
    },
    async close() {
      if (inTransaction) return;
      // Idle, its connections end cleanly; busy, at once: a query still running is cut off
      // (a connector being stopped must not wait for a slow query), on the server too.
      await statements.cancelAll();
      await sql.end({ timeout: running > 0 ? 0 : 5 });
    },
  });
  return wrap(() => sql, false);
}

/** How long cutting queries off waits for the server to take their cancel requests. */
const CANCEL_WAIT_MS = 2000;

/**
 * Statements sent and not yet answered. A closed socket alone does not stop PostgreSQL: a
 * query runs on to its end (a slow scan, `pg_sleep`) until it next writes to the client. So
 * cutting them off sends each a cancel request on a connection of its own, waiting for the
 * server to take it (it closes that connection) at most CANCEL_WAIT_MS.
 */
class RunningStatements {
  readonly #pending = new Set<Cancellable>();

  /** Tracks `statement` until the returned function is called. */
  add(statement: Cancellable): () => void {
    this.#pending.add(statement);
    return () => this.#pending.delete(statement);
  }

  async cancelAll(): Promise<void> {
    if (this.#pending.size === 0) return;
    const cancels = [...this.#pending].map((s) => cancelled(s).catch(() => {}));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const waited = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, CANCEL_WAIT_MS);
    });
    await Promise.race([Promise.all(cancels), waited]);
    clearTimeout(timer);
  }
}

/** A postgres.js query, as far as cancelling it goes. */
interface Cancellable {
  cancel(): unknown;
  canceller?: unknown;
}

/**
 * Sends `statement`'s cancel request; settles once the server took it. postgres.js's
 * `cancel()` drops the promise of its canceller (`this.canceller && (this.canceller(this),
 * this.canceller = null)` gives null), so the canceller is called as `cancel()` would;
 * a query without one is cancelled the public way.
 */
function cancelled(statement: Cancellable): Promise<unknown> {
  // A second cut-off (close() while interrupt() waits) waits for the same request.
  let sent = cancelsSent.get(statement);
  if (!sent) {
    const { canceller } = statement;
    if (typeof canceller === "function") {
      statement.canceller = null;
      sent = Promise.resolve(canceller(statement));
    } else {
      sent = Promise.resolve(statement.cancel());
    }
    cancelsSent.set(statement, sent);
  }
  return sent;
}

/** The cancel request sent for each statement, until the statement is gone. */
const cancelsSent = new WeakMap<Cancellable, Promise<unknown>>();

/** Error codes that mean the server was not reached (or the connection was lost). */
const CONNECTION_CODES = new Set([
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_DESTROYED",
  "CONNECTION_ENDED",
  "ECONNREFUSED",
  "ECONNRESET",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "ETIMEDOUT",
]);

/**
 * postgres.js's own `connect_timeout` does not end a query waiting on a server that never
 * answers (a dropped SYN): the pool keeps retrying and the query waits forever. Until a round
 * trip has succeeded, and again after a connection failure, each query races a timer of
 * `connectTimeoutSeconds`; when it fires the query fails with CONNECT_TIMEOUT and `onTimeout`
 * replaces the pool. Once the server answers, queries run unbounded (long ones are fine).
 */
function connectGuard(seconds: number | undefined, onTimeout: () => void) {
  let reached = false;
  return {
    async run<T>(inTransaction: boolean, query: () => Promise<T>): Promise<T> {
      if (reached || inTransaction || seconds === undefined || !(seconds > 0)) {
        return settle(query());
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          onTimeout();
          reject(
            new SqlClientError(
              `Could not connect to PostgreSQL within ${seconds} s (no answer from the server)`,
              "CONNECT_TIMEOUT",
            ),
          );
        }, seconds * 1000);
      });
      try {
        return await Promise.race([settle(query()), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };

  async function settle<T>(pending: Promise<T>): Promise<T> {
    try {
      const value = await pending;
      reached = true;
      return value;
    } catch (err) {
      const code = (err as { code?: unknown })?.code;
      // A server error (a SQLSTATE) still proves the server answers.
      reached = !(typeof code === "string" && CONNECTION_CODES.has(code));
      throw err;
    }
  }
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
      // postgres.js takes an empty password as none given, then reads PGPASSWORD; a function
      // is its way to give exactly the string's.
      ...(options.environmentPassword === false ? { pass: passwordOf(url) } : {}),
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

/**
 * The URL postgres.js gets: a keyword/value string written as one. A string that is neither
 * is an error naming what is wrong, never the string.
 */
function driverUrl(connectionString: string): string {
  const checked = postgresUrl(connectionString);
  if ("problem" in checked) {
    throw new SqlClientError(
      `Invalid PostgreSQL connection string: it ${checked.problem}`,
      undefined,
    );
  }
  return checked.url;
}

/** The URL's own password, as a function returning it (empty when it has none). */
function passwordOf(url: string): () => string {
  const password = decodedOrSame(new URL(url).password);
  return () => password;
}

function decodedOrSame(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The password of a driver URL (where `driverUrl` moved a `?password=`) or of a given
 * instance, to keep out of errors.
 */
function passwordsOf(input: string | postgres.Sql): string[] {
  if (typeof input === "string") {
    const password = new URL(input).password;
    return password ? [password, decodedOrSame(password)] : [];
  }
  const pass = (input.options as { pass?: unknown }).pass;
  return typeof pass === "string" && pass ? [pass] : [];
}
