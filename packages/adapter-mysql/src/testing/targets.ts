import type {
  AdapterContractTarget,
  ContractAdapter,
  ContractDatabase,
} from "@lakesync/adapter-postgres/testing";
import type { ColumnType } from "@lakesync/core";
import { MySqlAdapter } from "../adapter/mysql-adapter.js";
import { mysqlClient } from "../clients/mysql2-client.js";
import { describeDbError } from "../db-error.js";
import type { MySqlClient } from "../sql-client.js";

/** The test MariaDB (started by `scripts/services.sh start`), or `LAKESYNC_TEST_MYSQL_URL`. */
export const MYSQL_TEST_URL =
  process.env.LAKESYNC_TEST_MYSQL_URL ?? "mysql://app:apppw@127.0.0.1:33306/app";

/**
 * What the test server is, for test titles: `MariaDB`, or `MySQL` in the project that runs
 * the same suites against Oracle's MySQL (vitest.oracle-mysql.config.ts).
 */
export const MYSQL_TEST_SERVER_NAME = process.env.LAKESYNC_TEST_MYSQL_NAME ?? "MariaDB";

/** A MySQL/MariaDB server the tests use: fresh databases, and how to let it go. */
export interface MySqlTestServer extends AdapterContractTarget {
  /** Creates an empty database and returns its URL and how to drop it. Fails when unreachable. */
  freshDatabaseUrl(): Promise<{ url: string; client: MySqlClient; drop(): Promise<void> }>;
  end(): Promise<void>;
}

function uniqueDatabase(): string {
  return `lakesync_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}

/** `url` with another database in its path. */
function withDatabase(url: string, database: string): string {
  const next = new URL(url);
  next.pathname = `/${database}`;
  return next.toString();
}

/**
 * Real MariaDB (or MySQL): each test gets a fresh database, and its adapters connect to it
 * by the connection string, as a user would. Fails, not skips, when the server is unreachable.
 */
export function mysqlTestServer(url = MYSQL_TEST_URL): MySqlTestServer {
  const admin = mysqlClient(url, { poolSize: 2, connectTimeoutMs: 5_000 });
  const createDatabase = async (): Promise<string> => {
    const database = uniqueDatabase();
    try {
      await admin.query(
        `CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
      );
    } catch (err) {
      throw new Error(
        `MySQL/MariaDB is unreachable at ${new URL(url).host} (${describeDbError(err)}): start it with \`bash scripts/services.sh start\` or set LAKESYNC_TEST_MYSQL_URL`,
      );
    }
    return database;
  };
  const dropDatabase = (database: string) => admin.query(`DROP DATABASE IF EXISTS \`${database}\``);

  return {
    async freshDatabaseUrl() {
      const database = await createDatabase();
      const dbUrl = withDatabase(url, database);
      const client = mysqlClient(dbUrl, { poolSize: 4, connectTimeoutMs: 5_000 });
      return {
        url: dbUrl,
        client,
        async drop() {
          await client.close();
          await dropDatabase(database);
        },
      };
    },
    async freshDatabase(): Promise<ContractDatabase> {
      const database = await createDatabase();
      const dbUrl = withDatabase(url, database);
      const inspector = mysqlClient(dbUrl, { poolSize: 2, connectTimeoutMs: 5_000 });
      const adapters: ContractAdapter[] = [];
      return {
        adapter(gatewayId) {
          const client = mysqlClient(dbUrl, { poolSize: 4, connectTimeoutMs: 5_000 });
          const adapter = new MySqlAdapter({ client, gatewayId });
          adapters.push(adapter);
          return adapter;
        },
        typedRows: (table, gatewayId) => typedRows(inspector, table, gatewayId),
        async exec(sql) {
          await inspector.query(sql);
        },
        async dispose() {
          await Promise.all(adapters.map((a) => a.close()));
          await inspector.close();
          await dropDatabase(database);
        },
      };
    },
    badCredentials() {
      const secret = "s3cretpw";
      const badUrl = new URL(url);
      badUrl.username = "nobody";
      badUrl.password = secret;
      const client = mysqlClient(badUrl.toString(), { connectTimeoutMs: 5_000 });
      return { adapter: new MySqlAdapter({ client, gatewayId: "gw" }), secret };
    },
    end: () => admin.close(),
  };
}

/**
 * Rows of a typed table ordered by row id, without gateway_id, as the contract wants them:
 * timestamps as Dates, JSON parsed, booleans as booleans (MySQL returns 1/0 and text). The
 * column types come from the schema the gateway registered.
 */
async function typedRows(
  client: MySqlClient,
  table: string,
  gatewayId: string,
): Promise<Record<string, unknown>[]> {
  const [registered] = await client
    .query<{ columns: string }>(
      "SELECT `columns` FROM lakesync_schemas WHERE gateway_id = ? AND table_name = ?",
      [gatewayId, table],
    )
    .catch(() => []);
  const types = new Map<string, ColumnType>();
  for (const c of registered
    ? (JSON.parse(registered.columns) as { name: string; type: ColumnType }[])
    : []) {
    types.set(c.name, c.type);
  }
  const rows = await client.query(
    `SELECT * FROM \`${table}\` WHERE gateway_id = ? ORDER BY row_id`,
    [gatewayId],
  );
  return rows.map(({ gateway_id: _, ...rest }) => {
    const out: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(rest)) {
      const type = types.get(name);
      if (value === null || value === undefined) out[name] = null;
      else if (type === "timestamp") out[name] = new Date(`${String(value).replace(" ", "T")}Z`);
      else if (type === "json") out[name] = JSON.parse(String(value));
      else if (type === "boolean") out[name] = Number(value) === 1;
      else out[name] = value;
    }
    return out;
  });
}
