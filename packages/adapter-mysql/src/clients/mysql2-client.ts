import type { Connection as CoreConnection } from "mysql2";
import mysql from "mysql2/promise";
import { SqlClientError, toSqlClientError } from "../db-error.js";
import type { ColumnInfo, MySqlClient } from "../sql-client.js";
import { readableBatches } from "./readable-batches.js";

/**
 * What cutOff uses of mysql2's core connection, untyped in its declarations: its socket
 * (`stream`), and how it fails its commands on losing it.
 */
type Socketed = {
  readonly stream: { destroy(): void };
  _handleNetworkError?(err: Error): void;
};

/** Options of {@link mysqlClient}. */
export interface MySqlClientOptions {
  /** Connections in the pool. Default 10. */
  readonly poolSize?: number;
  /** Milliseconds to wait for a connection before failing. Default 10,000. */
  readonly connectTimeoutMs?: number;
}

/**
 * What every connection runs once: UTC for `DATETIME`/`TIMESTAMP` text and `NOW()`, and
 * strict mode added to the server's modes (an out-of-range value fails the statement rather
 * than being clamped, as on PostgreSQL). Both are plain SET syntax MySQL 8 and MariaDB share.
 */
const SESSION_SETUP =
  "SET SESSION time_zone = '+00:00', sql_mode = CONCAT_WS(',', NULLIF(@@SESSION.sql_mode, ''), 'STRICT_TRANS_TABLES')";

/**
 * Prepared statements each connection keeps (LRU). Low, so a pool never nears the server's
 * `max_prepared_stmt_count` (16,382 by default, shared by every client).
 */
const PREPARED_STATEMENTS_PER_CONNECTION = 64;

let savepoints = 0;

/**
 * A {@link MySqlClient} over a mysql2 pool, for MySQL 8 and MariaDB. `mysql://user:pass@host:port/db`
 * connection strings; parameters go as prepared-statement bindings (`?`). Timestamps and
 * big integers come back as text (`dateStrings`, `bigNumberStrings`) so no precision is
 * lost, JSON as text on both servers (`jsonStrings`). Errors are thrown as
 * `SqlClientError`s with no password and no statement in them.
 * @example
 * const client = mysqlClient("mysql://app:secret@127.0.0.1:3306/app", { poolSize: 5 });
 * const rows = await client.query("SELECT ? AS hello", ["world"]);
 */
export function mysqlClient(
  connectionString: string,
  options: MySqlClientOptions = {},
): MySqlClient {
  const secrets = passwordsOf(connectionString);
  const pool = connect(connectionString, options, secrets);
  const prepared = new WeakSet<object>();
  // Connections lent out: close() destroys them, so a running query does not hold it up.
  const lent = new Set<mysql.PoolConnection>();

  const acquire = async (): Promise<mysql.PoolConnection> => {
    const conn = await pool.getConnection();
    if (!prepared.has(conn.connection)) {
      try {
        await conn.query(SESSION_SETUP);
      } catch (err) {
        conn.release();
        throw err;
      }
      prepared.add(conn.connection);
    }
    lent.add(conn);
    return conn;
  };
  /**
   * Destroys the sockets of the connections lent out, failing what runs on them as a lost
   * connection (mysql2's destroy() only half-closes: the server answers the running query
   * first). Whether there were any.
   */
  const cutOff = (): boolean => {
    const cut = lent.size > 0;
    for (const conn of lent) {
      const core = conn.connection as unknown as Socketed;
      core.stream.destroy();
      // Bun does not always report a socket destroyed mid-command as closed, and mysql2 only
      // fails the commands waiting on it (and leaves the pool) when told: tell it now.
      try {
        core._handleNetworkError?.(
          Object.assign(new Error("Connection lost: cut off by the client"), {
            code: "PROTOCOL_CONNECTION_LOST",
            fatal: true,
          }),
        );
      } catch {
        // An 'error' with no listener left: the connection had already failed.
      }
    }
    lent.clear();
    return cut;
  };
  const letGo = (conn: mysql.PoolConnection, err?: unknown) => {
    lent.delete(conn);
    if (err && (err as { fatal?: unknown }).fatal) conn.destroy();
    else conn.release();
  };

  const run = async <T>(conn: mysql.PoolConnection, text: string, params: readonly unknown[]) => {
    const values = params.map((v) => (v === undefined ? null : v));
    const [rows] =
      values.length === 0
        ? await conn.query(text)
        : await conn.execute(text, values as mysql.ExecuteValues);
    return (Array.isArray(rows) ? rows : []) as T[];
  };

  const describe = async (
    conn: mysql.PoolConnection,
    text: string,
    params: readonly unknown[],
  ): Promise<ColumnInfo[]> => {
    const values = params.map((v) => (v === undefined ? null : v));
    const [, fields] =
      values.length === 0
        ? await conn.query(text)
        : await conn.execute(text, values as mysql.ExecuteValues);
    return (fields ?? []).map((f) => ({ name: f.name, type: typeName(f.columnType ?? f.type) }));
  };

  /** A client bound to one connection: a session, or a transaction in one. */
  const pinned = (conn: mysql.PoolConnection, inTransaction: boolean): MySqlClient => ({
    async query<T extends Record<string, unknown>>(text: string, params: readonly unknown[] = []) {
      try {
        return await run<T>(conn, text, params);
      } catch (err) {
        throw toSqlClientError(err, secrets);
      }
    },
    async describeColumns(text: string, params: readonly unknown[] = []) {
      try {
        return await describe(conn, text, params);
      } catch (err) {
        throw toSqlClientError(err, secrets);
      }
    },
    stream: (text, batchSize) => streamRows(conn, text, batchSize, false),
    async transaction<R>(fn: (tx: MySqlClient) => Promise<R>): Promise<R> {
      if (inTransaction) return savepoint(conn, fn, secrets);
      return inTransactionOn(conn, fn, secrets);
    },
    session: (fn) => fn(pinned(conn, inTransaction)),
    async close() {},
  });

  const inTransactionOn = async <R>(
    conn: mysql.PoolConnection,
    fn: (tx: MySqlClient) => Promise<R>,
    secretList: readonly string[],
  ): Promise<R> => {
    const own = new Set<unknown>();
    try {
      await conn.query("SET TRANSACTION ISOLATION LEVEL READ COMMITTED");
      await conn.query("START TRANSACTION");
      const result = await fn(pinned(conn, true)).catch((err: unknown) => {
        own.add(err);
        throw err;
      });
      await conn.query("COMMIT");
      return result;
    } catch (err) {
      await conn.query("ROLLBACK").catch(() => {});
      throw own.has(err) ? err : toSqlClientError(err, secretList);
    }
  };

  const savepoint = async <R>(
    conn: mysql.PoolConnection,
    fn: (tx: MySqlClient) => Promise<R>,
    secretList: readonly string[],
  ): Promise<R> => {
    savepoints = (savepoints + 1) % Number.MAX_SAFE_INTEGER;
    const name = `lakesync_sp_${savepoints}`;
    try {
      await conn.query(`SAVEPOINT ${name}`);
    } catch (err) {
      throw toSqlClientError(err, secretList);
    }
    try {
      const result = await fn(pinned(conn, true));
      await conn.query(`RELEASE SAVEPOINT ${name}`);
      return result;
    } catch (err) {
      await conn.query(`ROLLBACK TO SAVEPOINT ${name}`).catch(() => {});
      throw err;
    }
  };

  /**
   * Rows of one statement in batches, read as the server sends them (mysql2's row stream,
   * paused while the consumer works). `owned`: the connection is the stream's own, released
   * at the end, destroyed when the consumer stops early (the server is mid-result).
   */
  async function* streamRows<T>(
    conn: mysql.PoolConnection,
    text: string,
    batchSize: number,
    owned: boolean,
  ): AsyncGenerator<T[]> {
    const core = conn.connection as unknown as CoreConnection;
    let finished = false;
    let failure: unknown;
    try {
      // A consumer that pushes each batch on may pause the result for a while. (MySQL types
      // GREATEST of a variable and a number as text, which SET refuses: hence the CAST.)
      await conn.query(
        "SET SESSION net_write_timeout = CAST(GREATEST(@@SESSION.net_write_timeout, 600) AS UNSIGNED)",
      );
      const rows = core.query(text).stream({ highWaterMark: Math.max(1, batchSize) });
      // mysql2 reports a lost connection on the connection only, never on a query's row
      // stream: without this, a connection killed mid-result leaves the read waiting forever.
      const lost = (err?: unknown) =>
        rows.destroy(
          err instanceof Error
            ? err
            : new SqlClientError(
                "Connection lost: the server closed the connection",
                "PROTOCOL_CONNECTION_LOST",
              ),
        );
      core.once("error", lost);
      core.once("end", lost);
      try {
        yield* readableBatches<T>(rows, batchSize);
        finished = true;
      } finally {
        core.off("error", lost);
        core.off("end", lost);
        if (!finished) rows.destroy();
      }
    } catch (err) {
      failure = err;
      throw toSqlClientError(err, secrets);
    } finally {
      if (owned) {
        if (finished) letGo(conn, failure);
        else {
          lent.delete(conn);
          conn.destroy();
        }
      }
    }
  }

  const withConnection = async <R>(fn: (conn: mysql.PoolConnection) => Promise<R>): Promise<R> => {
    let conn: mysql.PoolConnection;
    try {
      conn = await acquire();
    } catch (err) {
      throw toSqlClientError(err, secrets);
    }
    let failure: unknown;
    try {
      return await fn(conn);
    } catch (err) {
      failure = err;
      throw err;
    } finally {
      letGo(conn, failure);
    }
  };

  return {
    query<T extends Record<string, unknown>>(text: string, params: readonly unknown[] = []) {
      return withConnection(async (conn) => {
        try {
          return await run<T>(conn, text, params);
        } catch (err) {
          throw toSqlClientError(err, secrets);
        }
      });
    },
    describeColumns(text: string, params: readonly unknown[] = []) {
      return withConnection(async (conn) => {
        try {
          return await describe(conn, text, params);
        } catch (err) {
          throw toSqlClientError(err, secrets);
        }
      });
    },
    async *stream<T extends Record<string, unknown>>(text: string, batchSize: number) {
      let conn: mysql.PoolConnection;
      try {
        conn = await acquire();
      } catch (err) {
        throw toSqlClientError(err, secrets);
      }
      yield* streamRows<T>(conn, text, batchSize, true);
    },
    transaction: (fn) => withConnection((conn) => inTransactionOn(conn, fn, secrets)),
    session: (fn) => withConnection((conn) => fn(pinned(conn, false))),
    async interrupt() {
      cutOff();
    },
    async close() {
      const cut = cutOff();
      try {
        await pool.end();
      } catch (err) {
        // The connections cut off above fail the pool's end: that is the point, not an error.
        if (!cut) throw toSqlClientError(err, secrets);
      }
    },
  };
}

/**
 * A mysql2 pool for a connection string. A string it cannot parse is an error thrown here,
 * cleaned: Node's URL error carries the whole string (password included) in `input`.
 */
function connect(url: string, options: MySqlClientOptions, secrets: string[]): mysql.Pool {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (err) {
    const cleaned = toSqlClientError(err, secrets);
    throw new SqlClientError(`Invalid MySQL connection string: ${cleaned.message}`, cleaned.code);
  }
  if (parsed.protocol !== "mysql:" && parsed.protocol !== "mariadb:") {
    throw new SqlClientError(
      `Invalid MySQL connection string: expected mysql://user:password@host:port/database, got ${parsed.protocol}//`,
      undefined,
    );
  }
  const port = parsed.port ? Number(parsed.port) : 3306;
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ""));
  const poolSize = options.poolSize ?? 10;
  if (!Number.isInteger(poolSize) || poolSize < 1) {
    throw new RangeError(`mysqlClient poolSize must be a positive integer, got ${poolSize}`);
  }
  try {
    return mysql.createPool({
      host: decodeURIComponent(parsed.hostname.replace(/^\[|\]$/g, "")),
      port,
      // `?user=` and `?password=` too, as other MySQL clients take them.
      user: decodeURIComponent(parsed.username) || (parsed.searchParams.get("user") ?? ""),
      password: decodeURIComponent(parsed.password) || (parsed.searchParams.get("password") ?? ""),
      ...(database ? { database } : {}),
      connectionLimit: poolSize,
      connectTimeout: options.connectTimeoutMs ?? 10_000,
      maxPreparedStatements: PREPARED_STATEMENTS_PER_CONNECTION,
      charset: "utf8mb4_unicode_ci",
      dateStrings: true,
      supportBigNumbers: true,
      bigNumberStrings: true,
      jsonStrings: true,
      decimalNumbers: false,
      multipleStatements: false,
      ...sslOption(parsed),
    });
  } catch (err) {
    const cleaned = toSqlClientError(err, secrets);
    throw new SqlClientError(`Invalid MySQL connection string: ${cleaned.message}`, cleaned.code);
  }
}

/** `?ssl=true` / `?sslmode=require` (or `ssl-mode=REQUIRED`) turns TLS on. */
function sslOption(url: URL): { ssl?: { rejectUnauthorized: boolean } } {
  const mode = (
    url.searchParams.get("sslmode") ??
    url.searchParams.get("ssl-mode") ??
    url.searchParams.get("ssl") ??
    ""
  ).toLowerCase();
  if (["true", "1", "require", "required"].includes(mode))
    return { ssl: { rejectUnauthorized: false } };
  if (["verify-ca", "verify-full", "verify_identity", "verify_ca"].includes(mode)) {
    return { ssl: { rejectUnauthorized: true } };
  }
  return {};
}

const TYPE_NAMES = new Map<number, string>(
  Object.entries(mysql.Types as unknown as Record<string, unknown>)
    .filter((entry): entry is [string, number] => typeof entry[1] === "number")
    .map(([name, code]) => [code, name]),
);

/** The wire type name of a mysql2 field type code. */
function typeName(code: number | undefined): string {
  return (code !== undefined ? TYPE_NAMES.get(code) : undefined) ?? "UNKNOWN";
}

function passwordsOf(url: string): string[] {
  try {
    const parsed = new URL(url);
    const inQuery = parsed.searchParams.get("password");
    const password = parsed.password;
    return [
      ...(password ? [password, decodeURIComponent(password)] : []),
      ...(inQuery ? [inQuery, encodeURIComponent(inQuery)] : []),
    ];
  } catch {
    // Not a URL: mask what sits between "://user:" and "@", if anything.
    const m = /:\/\/[^:/@]*:([^@]*)@/.exec(url);
    return m?.[1] ? [m[1]] : [];
  }
}
