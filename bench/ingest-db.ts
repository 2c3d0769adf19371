// The databases of the ingest benchmark (bench/ingest.ts): connection, seeding, dropping, and
// the raw driver reads its poller figures are compared with. PostgreSQL through postgres.js,
// MariaDB/MySQL through mysql2: the same drivers the adapters use, loaded from the adapter
// packages (the repository root does not depend on them).
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import {
  describeDbError as describeMySqlError,
  MySqlSqlSource,
  mysqlClient,
} from "../packages/adapter-mysql/src/index.js";
import {
  describeDbError as describePgError,
  PostgresSqlSource,
  postgresJsClient,
} from "../packages/adapter-postgres/src/index.js";
import type { SqlSource } from "../packages/core/src/index.js";
import { count, now } from "./measure.js";

export type DbKind = "postgres" | "mysql";

/** Rows per page of the raw reads (postgres.js `.cursor(n)`, mysql2 keyset pages). */
export const RAW_PAGE_ROWS = 10_000;

/** The test services' URLs (scripts/services.sh), as the adapters' tests use them. */
export const PG_URL =
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: the test services' URLs; bench is no turbo task.
  process.env.LAKESYNC_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:55432/postgres";
export const MYSQL_URL =
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: the test services' URLs; bench is no turbo task.
  process.env.LAKESYNC_TEST_MYSQL_URL ?? "mysql://app:apppw@127.0.0.1:33306/app";

/** How a raw read orders the table: as the cursor poller reads it, or as it comes. */
export type RawOrder = "cursor" | "table";

export interface RawRead {
  readonly rows: number;
  readonly ms: number;
  /** How the read was done, for the printed line. */
  readonly how: string;
}

/** One benchmark database: setup statements, the poller's source, and the raw driver read. */
export interface BenchDb {
  readonly kind: DbKind;
  /** `PostgreSQL`, `MariaDB` */
  readonly name: string;
  /** host:port, never the password. */
  readonly where: string;
  /** Null when reachable, else why not (no password in it); answers within 10 s. */
  unreachable(): Promise<string | null>;
  /** Creates `table` with `rows` rows (ids 1..rows), an index on (updated_at, id), statistics. */
  seed(table: string, rows: number): Promise<void>;
  /** Reads every page of the table and its index on the server, so no run starts cold. */
  warm(table: string): Promise<void>;
  drop(table: string): Promise<void>;
  /** A SqlSource as the connector builds it (its own pool, closed with the source). */
  source(): SqlSource;
  /** Reads the whole table with the bare driver, in pages of RAW_PAGE_ROWS, timed. */
  rawRead(table: string, order: RawOrder): Promise<RawRead>;
  close(): Promise<void>;
}

/** The database of `--db=postgres|mysql`. */
export function benchDb(kind: DbKind): BenchDb {
  return kind === "mysql" ? mysqlDb(MYSQL_URL) : postgresDb(PG_URL);
}

/** How long the reachability check waits for a first answer. */
const REACH_TIMEOUT_MS = 10_000;

/**
 * Null once `check` answers, else why not: its error, or no answer within REACH_TIMEOUT_MS
 * (postgres.js 3.4.9 was seen never to settle a connect to a black-holed address, despite
 * `connect_timeout`).
 */
async function reach(check: () => Promise<unknown>, describe: (err: unknown) => string) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(
      () => resolve(`no answer within ${REACH_TIMEOUT_MS / 1000} s`),
      REACH_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([
      check().then(
        () => null,
        (err: unknown) => describe(err),
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "(an unparsable URL)";
  }
}

/** A driver module as the adapter package resolves it. */
async function driverOf<T>(adapterPackage: string, specifier: string): Promise<T> {
  const require = createRequire(
    new URL(`../packages/${adapterPackage}/package.json`, import.meta.url),
  );
  return (await import(pathToFileURL(require.resolve(specifier)).href)) as T;
}

// What the benchmark uses of postgres.js.
interface PgQuery extends PromiseLike<unknown[]> {
  cursor(rows: number): AsyncIterable<unknown[]>;
}
interface PgSql {
  unsafe(text: string, params?: unknown[]): PgQuery;
  end(options?: { timeout?: number }): Promise<void>;
}
type PgFactory = (url: string, options?: Record<string, unknown>) => PgSql;

function postgresDb(url: string): BenchDb {
  const admin = postgresJsClient(url, { max: 2, connectTimeoutSeconds: 5 });
  let raw: PgSql | null = null;
  const rawSql = async (): Promise<PgSql> => {
    if (!raw) {
      const { default: postgres } = await driverOf<{ default: PgFactory }>(
        "adapter-postgres",
        "postgres",
      );
      raw = postgres(url, { max: 1, onnotice: () => {} });
    }
    return raw;
  };
  return {
    kind: "postgres",
    name: "PostgreSQL",
    where: hostOf(url),
    unreachable: () => reach(() => admin.query("select 1"), describePgError),
    async seed(table, rows) {
      await admin.query(`drop table if exists ${table}`);
      await admin.query(
        `create table ${table} (
           id int primary key, title text not null, status text not null,
           amount double precision not null, qty int not null, active boolean not null,
           updated_at timestamptz not null)`,
      );
      // 50 rows share each updated_at (ties at every page boundary), microseconds included.
      await admin.query(
        `insert into ${table}
           select i, 'item number ' || i, (array['open','in_progress','blocked','done'])[1 + i % 4],
                  (i % 10000) / 4.0, i % 97, i % 2 = 0,
                  timestamptz '2024-01-01 00:00:00.123456+00' + (i / 50) * interval '1 second'
             from generate_series(1, $1::int) as i`,
        [rows],
      );
      await admin.query(`create index ${table}_updated_at_id on ${table} (updated_at, id)`);
      // Sets hint bits and the visibility map, so no timed read pays for them.
      await admin.query(`vacuum analyze ${table}`);
    },
    async warm(table) {
      await admin.query(`select sum(length(title)) as n from ${table}`);
      await admin.query(
        `select count(*) as n from (select id from ${table} order by updated_at, id) as q`,
      );
    },
    async drop(table) {
      await admin.query(`drop table if exists ${table}`);
    },
    source() {
      return new PostgresSqlSource(postgresJsClient(url, { max: 2, exactTimestamps: true }));
    },
    async rawRead(table, order) {
      const sql = await rawSql();
      const text =
        order === "cursor"
          ? `select * from ${table} order by updated_at, id`
          : `select * from ${table}`;
      await sql.unsafe("select 1"); // connect outside the clock
      const started = now();
      let rows = 0;
      for await (const page of sql.unsafe(text).cursor(RAW_PAGE_ROWS)) rows += page.length;
      return {
        rows,
        ms: now() - started,
        how: `postgres.js .cursor(${count(RAW_PAGE_ROWS)})${order === "cursor" ? " by (updated_at, id)" : ""}`,
      };
    },
    async close() {
      await admin.close();
      if (raw) await (raw as PgSql).end({ timeout: 5 });
    },
  };
}

// What the benchmark uses of mysql2/promise.
interface MyConnection {
  query(text: string, params?: unknown[]): Promise<[unknown, unknown]>;
  end(): Promise<void>;
}
interface MyDriver {
  createConnection(options: Record<string, unknown>): Promise<MyConnection>;
}

function mysqlDb(url: string): BenchDb {
  const admin = mysqlClient(url, { poolSize: 2, connectTimeoutMs: 5_000 });
  let raw: MyConnection | null = null;
  const rawConnection = async (): Promise<MyConnection> => {
    if (!raw) {
      const driver = await driverOf<MyDriver & { default?: MyDriver }>(
        "adapter-mysql",
        "mysql2/promise",
      );
      const parsed = new URL(url);
      raw = await (driver.default ?? driver).createConnection({
        host: decodeURIComponent(parsed.hostname),
        port: parsed.port ? Number(parsed.port) : 3306,
        user: decodeURIComponent(parsed.username),
        password: decodeURIComponent(parsed.password),
        database: decodeURIComponent(parsed.pathname.replace(/^\//, "")),
        // Exact DATETIME(6) text, as the keyset needs (a Date drops the microseconds).
        dateStrings: true,
        supportBigNumbers: true,
        bigNumberStrings: true,
      });
      await raw.query("SET SESSION time_zone = '+00:00'");
    }
    return raw;
  };
  return {
    kind: "mysql",
    name: "MariaDB",
    where: hostOf(url),
    unreachable: () => reach(() => admin.query("SELECT 1"), describeMySqlError),
    async seed(table, rows) {
      await admin.query(`DROP TABLE IF EXISTS ${table}`);
      await admin.query(
        `CREATE TABLE ${table} (
           id INT NOT NULL PRIMARY KEY, title VARCHAR(64) NOT NULL, status VARCHAR(16) NOT NULL,
           amount DOUBLE NOT NULL, qty INT NOT NULL, active BOOLEAN NOT NULL,
           updated_at DATETIME(6) NOT NULL, KEY ${table}_updated_at_id (updated_at, id)
         ) ENGINE=InnoDB`,
      );
      const select = (from: string, i: string) =>
        `SELECT ${i}, CONCAT('item number ', ${i}), ELT(1 + ${i} % 4, 'open', 'in_progress', 'blocked', 'done'),
                (${i} % 10000) / 4, ${i} % 97, ${i} % 2 = 0,
                TIMESTAMP'2024-01-01 00:00:00.123456' + INTERVAL (${i} DIV 50) SECOND
           FROM ${from}`;
      // 50 rows share each updated_at. MariaDB's sequence engine; a recursive CTE elsewhere.
      const [version] = await admin.query<{ v: string }>("SELECT VERSION() AS v");
      if (String(version?.v).includes("MariaDB")) {
        for (let from = 1; from <= rows; from += 250_000) {
          const to = Math.min(rows, from + 249_999);
          await admin.query(`INSERT INTO ${table} ${select(`seq_${from}_to_${to}`, "seq")}`);
        }
      } else {
        await admin.session(async (session) => {
          await session.query(`SET SESSION cte_max_recursion_depth = ${rows + 1}`);
          await session.query(
            `INSERT INTO ${table} WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${rows}) ${select("n", "i")}`,
          );
        });
      }
      await admin.query(`ANALYZE TABLE ${table}`);
    },
    async warm(table) {
      await admin.query(`SELECT SUM(LENGTH(title)) AS n FROM ${table}`);
      await admin.query(
        `SELECT COUNT(*) AS n FROM ${table} FORCE INDEX (${table}_updated_at_id) WHERE updated_at > '1970-01-01'`,
      );
    },
    async drop(table) {
      await admin.query(`DROP TABLE IF EXISTS ${table}`);
    },
    source() {
      return new MySqlSqlSource(mysqlClient(url, { poolSize: 2 }));
    },
    async rawRead(table, order) {
      // Keyset pages, as a reader that must not hold the table would read it; by
      // (updated_at, id) in the form MariaDB range-scans, or by the primary key.
      const conn = await rawConnection();
      await conn.query("SELECT 1"); // connect outside the clock
      const started = now();
      let rows = 0;
      let after: { updated_at: string; id: number } | null = null;
      for (;;) {
        const [result] =
          order === "cursor"
            ? await conn.query(
                after
                  ? `SELECT * FROM ${table} WHERE updated_at > ? OR (updated_at = ? AND id > ?) ORDER BY updated_at, id LIMIT ${RAW_PAGE_ROWS}`
                  : `SELECT * FROM ${table} ORDER BY updated_at, id LIMIT ${RAW_PAGE_ROWS}`,
                after ? [after.updated_at, after.updated_at, after.id] : [],
              )
            : await conn.query(
                `SELECT * FROM ${table} WHERE id > ? ORDER BY id LIMIT ${RAW_PAGE_ROWS}`,
                [after?.id ?? 0],
              );
        const page = result as { updated_at: string; id: number }[];
        rows += page.length;
        const last = page.at(-1);
        if (!last || page.length < RAW_PAGE_ROWS) break;
        after = last;
      }
      return {
        rows,
        ms: now() - started,
        how: `mysql2 keyset pages of ${count(RAW_PAGE_ROWS)}${order === "cursor" ? " by (updated_at, id)" : " by id"}`,
      };
    },
    async close() {
      await admin.close();
      if (raw) await (raw as MyConnection).end();
    },
  };
}
