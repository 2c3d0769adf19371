import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { GoogleSqlError, type QueryParameter, translate } from "./googlesql.js";
import { type FieldText, RAW_TEXT_OIDS, type SchemaField, schemaField } from "./result-encoding.js";

/** What a query left behind: its result set (text values) or its affected-row count. */
export interface QueryOutcome {
  readonly schema?: SchemaField[];
  readonly rows: FieldText[][];
  readonly numDmlAffectedRows?: number;
  readonly statementType: string;
}

export interface QueryRequest {
  readonly query: string;
  readonly parameters?: readonly QueryParameter[];
  readonly defaultDataset?: string | undefined;
}

/** A dataset the query named (or defaulted to) does not exist, with its name. */
export class MissingDatasetError extends Error {
  override readonly name = "MissingDatasetError";
  readonly code = "3F000";
  constructor(readonly dataset: string) {
    super(`schema "${dataset}" does not exist`);
  }
}

const raw = (oid: number) => ({
  to: oid,
  from: [oid],
  serialize: (x: unknown) => String(x),
  parse: (x: string) => x,
});

/**
 * The SQL engine behind the fake: a database of its own on a real PostgreSQL server, created
 * at start and dropped at stop. Datasets are schemas; every value comes back as PostgreSQL's
 * text, which the HTTP layer encodes the way BigQuery does.
 */
export class QueryEngine {
  private constructor(
    private readonly admin: postgres.Sql,
    private readonly sql: postgres.Sql,
    private readonly database: string,
    readonly projectId: string,
  ) {}

  static async open(serverUrl: string, projectId: string): Promise<QueryEngine> {
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    const database = `lakesync_bq_${randomBytes(6).toString("hex")}`;
    await admin.unsafe(`create database ${database}`);
    const url = new URL(serverUrl);
    url.pathname = `/${database}`;
    const types = Object.fromEntries(RAW_TEXT_OIDS.map((oid) => [`t${oid}`, raw(oid)]));
    const sql = postgres(url.toString(), {
      max: 4,
      types,
      onnotice: () => {},
      connection: { TimeZone: "UTC" },
    });
    return new QueryEngine(admin, sql, database, projectId);
  }

  async datasetExists(dataset: string): Promise<boolean> {
    const rows = await this.sql`select 1 from pg_namespace where nspname = ${dataset}`;
    return rows.length > 0;
  }

  async createDataset(dataset: string): Promise<void> {
    await this.sql.unsafe(`create schema "${dataset.replaceAll('"', '""')}"`);
  }

  /** The columns of a table (name and BigQuery field), or null when it does not exist. */
  async tableFields(dataset: string, table: string): Promise<SchemaField[] | null> {
    const rows = await this.sql<{ name: string; oid: string }[]>`
      select a.attname as name, a.atttypid::text as oid
      from pg_attribute a join pg_class c on c.oid = a.attrelid
      join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = ${dataset} and c.relname = ${table} and a.attnum > 0 and not a.attisdropped
      order by a.attnum`;
    if (rows.length === 0) return null;
    return rows.map((r) => schemaField(r.name, Number(r.oid)));
  }

  /** Runs a query or script; the last statement's result is the job's result. */
  async run(request: QueryRequest): Promise<QueryOutcome> {
    const statements = translate(request.query, request.parameters ?? [], this.projectId);
    if (statements.length === 0) throw new GoogleSqlError("Syntax error: Unexpected end of script");
    return this.withSession(request.defaultDataset, async (session) => {
      let outcome: QueryOutcome = { rows: [], statementType: "SCRIPT" };
      let inTransaction = false;
      try {
        for (const statement of statements) {
          const verb = statement.text.split(/\s+/, 1)[0]?.toUpperCase() ?? "";
          if (verb === "BEGIN") inTransaction = true;
          if (verb === "COMMIT" || verb === "ROLLBACK") inTransaction = false;
          const result = await session.unsafe(statement.text, statement.params as never[]).values();
          outcome = toOutcome(verb, result);
        }
        return outcome;
      } catch (err) {
        if (inTransaction) await session.unsafe("rollback").catch(() => {});
        throw err;
      }
    });
  }

  /** Checks a query without running it (jobs.insert `dryRun`): the result's fields. */
  async dryRun(request: QueryRequest): Promise<{ schema?: SchemaField[]; statementType: string }> {
    const statements = translate(request.query, request.parameters ?? [], this.projectId);
    return this.withSession(request.defaultDataset, async (session) => {
      let last: { schema?: SchemaField[]; statementType: string } = { statementType: "SCRIPT" };
      for (const statement of statements) {
        const described = await session
          .unsafe(statement.text, statement.params as never[])
          .describe();
        const verb = statement.text.split(/\s+/, 1)[0]?.toUpperCase() ?? "";
        const columns = described.columns ?? [];
        last =
          verb === "SELECT" || verb === "WITH"
            ? { schema: columns.map((c) => schemaField(c.name, c.type)), statementType: "SELECT" }
            : { statementType: verb };
      }
      return last;
    });
  }

  /** Inserts JSON rows into a table, the way insertAll streams them. */
  async insertJson(dataset: string, table: string, rows: readonly Record<string, unknown>[]) {
    const target = `"${dataset.replaceAll('"', '""')}"."${table.replaceAll('"', '""')}"`;
    await this.sql.unsafe(
      `insert into ${target} select * from jsonb_populate_recordset(null::${target}, $1::jsonb)`,
      [JSON.stringify(rows)],
    );
  }

  async close(): Promise<void> {
    await this.sql.end({ timeout: 5 });
    await this.admin
      .unsafe(`drop database if exists ${this.database} with (force)`)
      .catch(() => {});
    await this.admin.end({ timeout: 5 });
  }

  private async withSession<T>(
    defaultDataset: string | undefined,
    fn: (session: postgres.ReservedSql) => Promise<T>,
  ): Promise<T> {
    if (defaultDataset !== undefined && !(await this.datasetExists(defaultDataset))) {
      throw new MissingDatasetError(defaultDataset);
    }
    const session = await this.sql.reserve();
    try {
      const path = defaultDataset ? `"${defaultDataset.replaceAll('"', '""')}", public` : "public";
      await session.unsafe(`set search_path to ${path}`);
      return await fn(session);
    } finally {
      await session.unsafe("set search_path to public").catch(() => {});
      session.release();
    }
  }
}

function toOutcome(verb: string, result: postgres.RowList<postgres.Row[]>): QueryOutcome {
  const columns = result.columns ?? [];
  if (verb === "SELECT" || verb === "WITH" || columns.length > 0) {
    return {
      schema: columns.map((c) => schemaField(c.name, c.type)),
      rows: result as unknown as FieldText[][],
      statementType: "SELECT",
    };
  }
  const dml = ["INSERT", "UPDATE", "DELETE", "MERGE"].includes(verb);
  return {
    rows: [],
    statementType: verb,
    ...(dml ? { numDmlAffectedRows: result.count ?? 0 } : {}),
  };
}
