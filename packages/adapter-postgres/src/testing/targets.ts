import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { PostgresAdapter } from "../adapter/postgres-adapter.js";
import { pgliteClient } from "../clients/pglite-client.js";
import { postgresJsClient } from "../clients/postgres-js-client.js";
import { describeDbError } from "../db-error.js";
import type { SqlClient } from "../sql-client.js";
import type {
  AdapterContractTarget,
  ContractAdapter,
  ContractDatabase,
} from "./adapter-contract.js";
import type { SqlClientContractTarget } from "./sql-client-contract.js";

/** A database system both contracts run against, and how to let it go after the file. */
export type TestTarget = AdapterContractTarget &
  SqlClientContractTarget & {
    /** Resolves once the database is open (PGlite takes seconds). */
    ready(): Promise<void>;
    end(): Promise<void>;
  };

/** The test PostgreSQL (started by `scripts/services.sh start`), or `LAKESYNC_TEST_PG_URL`. */
export const PG_TEST_URL =
  process.env.LAKESYNC_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:55432/postgres";

/** A name no other test uses: a fresh schema per test keeps tests and runs apart. */
function uniqueSchema(): string {
  return `lakesync_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}

/** Rows of a typed table ordered by row id, without gateway_id. */
async function typedRows(
  query: (text: string, params: unknown[]) => Promise<Record<string, unknown>[]>,
  schema: string,
  table: string,
  gatewayId: string,
): Promise<Record<string, unknown>[]> {
  const rows = await query(
    `select * from "${schema}"."${table}" where gateway_id = $1 order by row_id collate "C"`,
    [gatewayId],
  );
  return rows.map(({ gateway_id: _, ...rest }) => ({ ...rest }));
}

/**
 * Real PostgreSQL: each test gets a fresh schema, and its adapters connect with that schema
 * as their `search_path` (set from the connection string, as a user would).
 * Fails, not skips, when the server is unreachable.
 */
export function pgTestTarget(url = PG_TEST_URL): TestTarget {
  const admin = postgres(url, { max: 2, onnotice: () => {}, connect_timeout: 5 });
  const separator = url.includes("?") ? "&" : "?";
  /** Every test creates its schema first: unreachable, it fails (never skips) and says why. */
  const createSchema = async (): Promise<string> => {
    const schema = uniqueSchema();
    try {
      await admin.unsafe(`create schema "${schema}"`);
    } catch (err) {
      throw new Error(
        `PostgreSQL is unreachable at ${new URL(url).host} (${describeDbError(err)}): start it with \`bash scripts/services.sh start\` or set LAKESYNC_TEST_PG_URL`,
      );
    }
    return schema;
  };
  const clientIn = (schema: string, exactTimestamps = false) =>
    postgresJsClient(`${url}${separator}search_path=${schema}`, {
      max: 4,
      connectTimeoutSeconds: 5,
      statementTimeoutMs: 60_000,
      exactTimestamps,
    });
  return {
    async freshClient(options = {}) {
      const schema = await createSchema();
      const client = clientIn(schema, options.exactTimestamps);
      return {
        client,
        async dispose() {
          await client.close();
          await admin.unsafe(`drop schema "${schema}" cascade`);
        },
      };
    },
    async freshDatabase(): Promise<ContractDatabase> {
      const schema = await createSchema();
      const adapters: ContractAdapter[] = [];
      return {
        adapter(gatewayId) {
          const client = clientIn(schema);
          const adapter = new PostgresAdapter({ client, gatewayId });
          adapters.push(adapter);
          return adapter;
        },
        typedRows: (table, gatewayId) =>
          typedRows(
            (text, params) => admin.unsafe(text, params as string[]),
            schema,
            table,
            gatewayId,
          ),
        async exec(sql) {
          await admin.begin(async (tx) => {
            await tx.unsafe(`set local search_path to "${schema}"`);
            await tx.unsafe(sql);
          });
        },
        async dispose() {
          await Promise.all(adapters.map((a) => a.close()));
          await admin.unsafe(`drop schema "${schema}" cascade`);
        },
      };
    },
    badCredentials() {
      const secret = "s3cretpw";
      const badUrl = new URL(url);
      badUrl.username = "nobody";
      badUrl.password = secret;
      const client = postgresJsClient(badUrl.toString(), { connectTimeoutSeconds: 5 });
      return { adapter: new PostgresAdapter({ client, gatewayId: "gw" }), secret };
    },
    async ready() {
      await admin`select 1`;
    },
    end: () => admin.end({ timeout: 5 }),
  };
}

/**
 * PGlite: one in-memory database for a whole test file (opening one takes seconds), a
 * fresh schema per test set as the connection's `search_path`.
 */
export function pgliteTestTarget(): TestTarget {
  const opening = PGlite.create();
  /** A client on the file's database, in a fresh schema; closing it leaves the database open. */
  const clientInFreshSchema = async () => {
    const db = await opening;
    const schema = uniqueSchema();
    await db.exec(`create schema "${schema}"; set search_path to "${schema}"`);
    const client: SqlClient = { ...pgliteClient(db), close: async () => {} };
    const dispose = () => db.exec(`set search_path to public; drop schema "${schema}" cascade`);
    return { db, schema, client, dispose };
  };
  return {
    async freshClient() {
      const { client, dispose } = await clientInFreshSchema();
      return { client, dispose: async () => void (await dispose()) };
    },
    async freshDatabase(): Promise<ContractDatabase> {
      const { db, schema, client, dispose } = await clientInFreshSchema();
      return {
        adapter: (gatewayId) => new PostgresAdapter({ client, gatewayId }),
        typedRows: async (table, gatewayId) =>
          typedRows(
            async (text, params) => (await db.query<Record<string, unknown>>(text, params)).rows,
            schema,
            table,
            gatewayId,
          ),
        async exec(sql) {
          await db.exec(sql);
        },
        async dispose() {
          await dispose();
        },
      };
    },
    async ready() {
      await opening;
    },
    end: async () => (await opening).close(),
  };
}
