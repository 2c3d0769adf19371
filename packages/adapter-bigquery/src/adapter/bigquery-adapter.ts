import {
  AdapterError,
  byPosition,
  type ColumnType,
  type DatabaseAdapter,
  decodeRowState,
  type EncodedEntry,
  Err,
  encodeEntry,
  encodeRowState,
  type HLCTimestamp,
  isValidIdentifier,
  type LoggedDelta,
  logRowValues,
  MAX_IDENTIFIER_LENGTH,
  mergeEntries,
  Ok,
  type Result,
  type Row,
  type RowState,
  rowKey,
  rowValues,
  type TableSchema,
  TYPED_TABLE_KEY_COLUMNS,
  touchedRows,
  typedParam,
  typedTableSchemaProblem,
  uniqueById,
  widenSchema,
} from "@lakesync/core";
import { BigQueryError, toBigQueryError } from "../client/bigquery-error.js";
import type {
  BigQueryRest,
  QueryOptions,
  ResultPage,
  SchemaField,
} from "../client/bigquery-rest.js";
import { decodeRows } from "../client/decode-rows.js";
import { arrayParam, param } from "../client/query-parameters.js";
import { quoteIdent } from "../sql/identifier.js";
import { insertValues, Script } from "./statements.js";

/** What a pull of a dataset without a delta log answers, next to an empty page. */
export const NO_DELTA_LOG_WARNING =
  "This dataset has no LakeSync delta log (table lakesync_deltas): a gateway that flushes into it writes one. Rows an ingest poller reads from it reach clients through the normal pull, without source";

/** What a pull answers, next to an empty page, when `lakesync_deltas` is a table of another shape. */
export const NOT_A_DELTA_LOG_WARNING =
  "This dataset's table lakesync_deltas is not a LakeSync delta log (it lacks the log's columns), so a source pull has nothing to read from it. Rows an ingest poller reads from the dataset reach clients through the normal pull, without source";

/** The largest position or HLC an INT64 column holds. */
const MAX_INT64 = (1n << 63n) - 1n;
/** BigQuery takes at most 10,000 parameters per query; a script stays well under. */
const MAX_PARAMS_PER_SCRIPT = 8_000;
/** Rows read per page when a typed table is filled from merged rows. */
const BACKFILL_PAGE = 1_000;

const CREATE_LOG_TABLES = [
  "CREATE TABLE IF NOT EXISTS lakesync_deltas (gateway_id STRING, position INT64, delta_id STRING, op STRING, table_name STRING, row_id STRING, client_id STRING, hlc INT64, columns STRING)",
  "CREATE TABLE IF NOT EXISTS lakesync_rows (gateway_id STRING, table_name STRING, row_id STRING, state STRING)",
  "CREATE TABLE IF NOT EXISTS lakesync_schemas (gateway_id STRING, table_name STRING, columns STRING)",
].join(";\n");

const LOG_COLUMNS = [
  { name: "gateway_id", type: "STRING" },
  { name: "position", type: "INT64" },
  { name: "delta_id", type: "STRING" },
  { name: "op", type: "STRING" },
  { name: "table_name", type: "STRING" },
  { name: "row_id", type: "STRING" },
  { name: "client_id", type: "STRING" },
  { name: "hlc", type: "INT64" },
  { name: "columns", type: "STRING" },
];

const ROW_COLUMNS = [
  { name: "gateway_id", type: "STRING" },
  { name: "table_name", type: "STRING" },
  { name: "row_id", type: "STRING" },
  { name: "state", type: "STRING" },
];

/** The BigQuery type of each schema column type, and the names a result schema gives it. */
const BQ_TYPES: Readonly<Record<ColumnType, { ddl: string; names: readonly string[] }>> = {
  string: { ddl: "STRING", names: ["STRING"] },
  number: { ddl: "FLOAT64", names: ["FLOAT", "FLOAT64"] },
  boolean: { ddl: "BOOL", names: ["BOOLEAN", "BOOL"] },
  json: { ddl: "JSON", names: ["JSON"] },
  timestamp: { ddl: "TIMESTAMP", names: ["TIMESTAMP"] },
};

/**
 * Writers of one gateway's log in this process take turns: BigQuery has no row locks, and the
 * merge reads a row's state before it writes the next one. Several processes writing one
 * gateway id into one dataset are not supported (a gateway's store has one writer).
 */
const turns = new Map<string, Promise<unknown>>();

export interface BigQueryAdapterOptions {
  readonly client: BigQueryRest;
  /** The gateway whose deltas this adapter reads and writes; many share one dataset. Default "". */
  readonly gatewayId?: string;
}

/**
 * A {@link DatabaseAdapter} over a BigQuery dataset: per gateway id, the delta log
 * (`lakesync_deltas`, idempotent by deltaId), each row's merged state (`lakesync_rows`,
 * column-level last-writer-wins) and, for tables given a schema, a typed table of the
 * visible rows. Writes are DML scripts in transactions (no streaming buffer, so rows stay
 * mutable); a large batch is written in transactions of at most 8,000 parameters each, in
 * position order, and a failed batch retried later completes without duplicates.
 * @example
 * const source = new BigQueryAdapter({ client: new BigQueryRest(settings), gatewayId: "my-gw" });
 * const page = await source.queryDeltasSince(0n, 100);
 */
export class BigQueryAdapter implements DatabaseAdapter {
  readonly #client: BigQueryRest;
  readonly #gatewayId: string;
  #ready: Promise<void> | null = null;
  /** Aborted by `close`: in-flight requests end at once. */
  readonly #closed = new AbortController();

  constructor(options: BigQueryAdapterOptions) {
    this.#client = options.client;
    this.#gatewayId = options.gatewayId ?? "";
  }

  get gatewayId(): string {
    return this.#gatewayId;
  }

  async insertDeltas(entries: readonly LoggedDelta[]): Promise<Result<void, AdapterError>> {
    if (entries.length === 0) return Ok(undefined);
    const outOfRange = entries.find(
      (e) =>
        e.position < 0n || e.position > MAX_INT64 || e.delta.hlc < 0n || e.delta.hlc > MAX_INT64,
    );
    if (outOfRange) {
      return Err(
        new AdapterError(
          `Delta ${outOfRange.delta.deltaId} has a position or HLC beyond INT64: nothing was written`,
        ),
      );
    }
    let encoded: EncodedEntry[];
    try {
      encoded = uniqueById(entries).map(encodeEntry).sort(byPosition);
    } catch (err) {
      return Err(new AdapterError(`Deltas could not be encoded: ${String(err)}`));
    }
    return this.#inTurn(async () => {
      try {
        await this.#ensureTables();
        const schemas = await this.#readSchemas();
        for (const chunk of chunks(encoded, schemas)) await this.#writeChunk(chunk, schemas);
        return Ok(undefined);
      } catch (err) {
        return Err(adapterError("Could not write deltas", err));
      }
    });
  }

  async queryDeltasSince(
    since: HLCTimestamp,
    limit: number,
  ): Promise<Result<{ deltas: LoggedDelta[]; warnings?: string[] }, AdapterError>> {
    const count = Number.isFinite(limit) ? Math.floor(limit) : 1_000_000;
    if (!(count > 0) || since >= MAX_INT64) return Ok({ deltas: [] });
    try {
      const { fields, rows } = await this.#run(
        `SELECT CAST(position AS STRING) AS position, delta_id, op, table_name, row_id, client_id,
                CAST(hlc AS STRING) AS hlc, columns
           FROM lakesync_deltas
          WHERE gateway_id = @gw AND position > @since
          ORDER BY lakesync_deltas.position, delta_id
          LIMIT @limit`,
        {
          params: [
            param("gw", "STRING", this.#gatewayId),
            param("since", "INT64", since.toString()),
            param("limit", "INT64", String(count)),
          ],
        },
      );
      return Ok({
        deltas: decodeRows(fields, rows).map((row) => ({
          position: BigInt(row.position as string),
          delta: {
            deltaId: row.delta_id as string,
            op: row.op as LoggedDelta["delta"]["op"],
            table: row.table_name as string,
            rowId: row.row_id as string,
            clientId: row.client_id as string,
            hlc: BigInt(row.hlc as string),
            columns: JSON.parse(row.columns as string) as LoggedDelta["delta"]["columns"],
          },
        })),
      });
    } catch (err) {
      if (isNotFound(err)) return Ok({ deltas: [], warnings: [NO_DELTA_LOG_WARNING] });
      if (toBigQueryError(err).unknownColumn) {
        return Ok({ deltas: [], warnings: [NOT_A_DELTA_LOG_WARNING] });
      }
      return Err(adapterError("Could not read the delta log", err));
    }
  }

  /** The highest position logged for this gateway, or 0n. */
  async lastPosition(): Promise<Result<HLCTimestamp, AdapterError>> {
    try {
      const { fields, rows } = await this.#run(
        "SELECT CAST(MAX(position) AS STRING) AS position FROM lakesync_deltas WHERE gateway_id = @gw",
        { params: [param("gw", "STRING", this.#gatewayId)] },
      );
      const value = decodeRows(fields, rows)[0]?.position;
      return Ok(typeof value === "string" ? BigInt(value) : 0n);
    } catch (err) {
      if (isNotFound(err)) return Ok(0n);
      return Err(adapterError("Could not read the delta log", err));
    }
  }

  /** The merged visible values of a row, or null when it was never written or is deleted. */
  async readRow(table: string, rowId: string): Promise<Result<Row | null, AdapterError>> {
    try {
      const states = await this.#readStates([{ table, rowId }]);
      return Ok(rowValues(states.get(rowKey(table, rowId))));
    } catch (err) {
      if (isNotFound(err)) return Ok(null);
      return Err(adapterError("Could not read the row", err));
    }
  }

  /**
   * Creates the typed table `schema.table` (gateway_id, row_id and the schema's columns), or
   * adds the columns it lacks, and fills it from rows already merged. Schemas only widen.
   */
  async ensureSchema(schema: TableSchema): Promise<Result<void, AdapterError>> {
    const invalid = checkSchema(schema);
    if (invalid) return Err(new AdapterError(invalid));
    return this.#inTurn(async () => {
      try {
        await this.#ensureTables();
        const registered = (await this.#readSchemas()).get(schema.table);
        const widened = widenSchema(registered, schema);
        if ("conflict" in widened) return Err(new AdapterError(widened.conflict));
        const problem = await this.#ensureTypedTable(widened.schema);
        if (problem) return Err(new AdapterError(problem));
        if (registered && widened.added.length === 0) return Ok(undefined);
        await this.#saveSchema(widened.schema);
        await this.#backfill(widened.schema);
        return Ok(undefined);
      } catch (err) {
        return Err(adapterError(`Could not create or widen table "${schema.table}"`, err));
      }
    });
  }

  /** Cancels the requests in flight; later ones fail at once. */
  async close(): Promise<void> {
    this.#closed.abort();
  }

  #run(sql: string, options: QueryOptions = {}): Promise<ResultPage> {
    return this.#client.run(sql, { ...options, signal: this.#closed.signal });
  }

  async #inTurn<T>(fn: () => Promise<T>): Promise<T> {
    const key = `${this.#client.dataset}\u0000${this.#gatewayId}`;
    const previous = turns.get(key) ?? Promise.resolve();
    const mine = previous.then(fn, fn);
    const settled = mine.catch(() => {});
    turns.set(key, settled);
    try {
      return await mine;
    } finally {
      if (turns.get(key) === settled) turns.delete(key);
    }
  }

  #ensureTables(): Promise<void> {
    this.#ready ??= this.#run(CREATE_LOG_TABLES).then(
      () => {},
      (err: unknown) => {
        this.#ready = null;
        throw err;
      },
    );
    return this.#ready;
  }

  /** Logs the chunk's new deltas and rewrites their rows (and typed rows) in one transaction. */
  async #writeChunk(
    chunk: readonly EncodedEntry[],
    schemas: Map<string, TableSchema>,
  ): Promise<void> {
    const ids = chunk.map((e) => e.entry.delta.deltaId);
    const logged = await this.#run(
      "SELECT delta_id FROM lakesync_deltas WHERE gateway_id = @gw AND delta_id IN UNNEST(@ids)",
      { params: [param("gw", "STRING", this.#gatewayId), arrayParam("ids", "STRING", ids)] },
    );
    const known = new Set(decodeRows(logged.fields, logged.rows).map((r) => r.delta_id as string));
    const fresh = chunk.filter((e) => !known.has(e.entry.delta.deltaId));
    if (fresh.length === 0) return;
    const states = await this.#readStates(touchedRows(fresh));
    const changed = mergeEntries(states, fresh);

    const script = new Script();
    const gw = this.#gatewayId;
    insertValues(
      script,
      "lakesync_deltas",
      LOG_COLUMNS,
      fresh.map((encoded) => logRowValues(gw, encoded)),
    );
    const keys = changed.map((s) => `${s.table}|${s.rowId}`);
    const gwRef = script.bind("STRING", gw);
    const keyRef = script.bindArray("STRING", keys);
    script.add(
      `DELETE FROM lakesync_rows WHERE gateway_id = ${gwRef} AND CONCAT(table_name, '|', row_id) IN UNNEST(${keyRef})`,
    );
    insertValues(
      script,
      "lakesync_rows",
      ROW_COLUMNS,
      changed.map((s) => [gw, s.table, s.rowId, encodeRowState(s)]),
    );
    const byTable = new Map<string, RowState[]>();
    for (const state of changed) {
      if (!schemas.has(state.table)) continue;
      byTable.set(state.table, [...(byTable.get(state.table) ?? []), state]);
    }
    for (const [table, list] of byTable) {
      writeTypedRows(script, gw, schemas.get(table) as TableSchema, list);
    }
    const { sql, params } = script.transaction();
    await this.#run(sql, { params });
  }

  async #readStates(
    rows: readonly { table: string; rowId: string }[],
  ): Promise<Map<string, RowState>> {
    const states = new Map<string, RowState>();
    if (rows.length === 0) return states;
    const { fields, rows: found } = await this.#run(
      `SELECT table_name, row_id, state FROM lakesync_rows
        WHERE gateway_id = @gw AND CONCAT(table_name, '|', row_id) IN UNNEST(@keys)`,
      {
        params: [
          param("gw", "STRING", this.#gatewayId),
          arrayParam(
            "keys",
            "STRING",
            rows.map((r) => `${r.table}|${r.rowId}`),
          ),
        ],
      },
    );
    for (const row of decodeRows(fields, found)) {
      const table = row.table_name as string;
      const rowId = row.row_id as string;
      states.set(rowKey(table, rowId), decodeRowState(table, rowId, row.state as string));
    }
    return states;
  }

  async #readSchemas(): Promise<Map<string, TableSchema>> {
    const { fields, rows } = await this.#run(
      "SELECT table_name, columns FROM lakesync_schemas WHERE gateway_id = @gw",
      { params: [param("gw", "STRING", this.#gatewayId)] },
    );
    const schemas = new Map<string, TableSchema>();
    for (const row of decodeRows(fields, rows)) {
      const table = row.table_name as string;
      schemas.set(table, {
        table,
        columns: JSON.parse(row.columns as string) as TableSchema["columns"],
      });
    }
    return schemas;
  }

  async #saveSchema(schema: TableSchema): Promise<void> {
    const script = new Script();
    const gw = script.bind("STRING", this.#gatewayId);
    const table = script.bind("STRING", schema.table);
    script.add(`DELETE FROM lakesync_schemas WHERE gateway_id = ${gw} AND table_name = ${table}`);
    const columns = JSON.stringify(schema.columns.map((c) => ({ name: c.name, type: c.type })));
    script.add(
      `INSERT INTO lakesync_schemas (gateway_id, table_name, columns) VALUES (${gw}, ${table}, ${script.bind("STRING", columns)})`,
    );
    const { sql, params } = script.transaction();
    await this.#run(sql, { params });
  }

  /** Creates or widens the typed table; a problem when an existing table cannot hold the schema. */
  async #ensureTypedTable(schema: TableSchema): Promise<string | null> {
    const table = quoteIdent(schema.table);
    let existing: readonly SchemaField[] | null;
    try {
      existing = await this.#client.dryRun(`SELECT * FROM ${table}`, {
        signal: this.#closed.signal,
      });
    } catch (err) {
      if (!isNotFound(err)) throw err;
      existing = null;
    }
    const ddl = schema.columns.map((c) => `${quoteIdent(c.name)} ${BQ_TYPES[c.type].ddl}`);
    if (!existing) {
      await this.#run(
        `CREATE TABLE IF NOT EXISTS ${table} (gateway_id STRING, row_id STRING, ${ddl.join(", ")})`,
      );
      return null;
    }
    for (const key of TYPED_TABLE_KEY_COLUMNS) {
      const field = existing.find((f) => f.name === key);
      if (field?.type !== "STRING") {
        return `Table "${schema.table}" exists and is not a LakeSync typed table (no STRING column ${key})`;
      }
    }
    const missing: string[] = [];
    for (const column of schema.columns) {
      const field = existing.find((f) => f.name === column.name);
      if (!field) {
        missing.push(
          `ADD COLUMN IF NOT EXISTS ${quoteIdent(column.name)} ${BQ_TYPES[column.type].ddl}`,
        );
      } else if (!BQ_TYPES[column.type].names.includes(field.type)) {
        return `Column "${column.name}" of table "${schema.table}" is ${field.type}, not ${BQ_TYPES[column.type].ddl}`;
      }
    }
    if (missing.length > 0) await this.#run(`ALTER TABLE ${table} ${missing.join(", ")}`);
    return null;
  }

  /** Writes every merged row of a table into its typed table, a page at a time. */
  async #backfill(schema: TableSchema): Promise<void> {
    const pages = this.#client.pages(
      "SELECT row_id, state FROM lakesync_rows WHERE gateway_id = @gw AND table_name = @t ORDER BY row_id",
      {
        params: [param("gw", "STRING", this.#gatewayId), param("t", "STRING", schema.table)],
        pageSize: BACKFILL_PAGE,
        signal: this.#closed.signal,
      },
    );
    for await (const page of pages) {
      const states = decodeRows(page.fields, page.rows).map((row) =>
        decodeRowState(schema.table, row.row_id as string, row.state as string),
      );
      if (states.length === 0) continue;
      const script = new Script();
      writeTypedRows(script, this.#gatewayId, schema, states);
      const { sql, params } = script.transaction();
      await this.#run(sql, { params });
    }
  }
}

/** Replaces a typed table's rows for these states: deleted rows go, visible ones are rewritten. */
function writeTypedRows(
  script: Script,
  gatewayId: string,
  schema: TableSchema,
  states: readonly RowState[],
): void {
  const table = quoteIdent(schema.table);
  const gw = script.bind("STRING", gatewayId);
  const ids = script.bindArray(
    "STRING",
    states.map((s) => s.rowId),
  );
  script.add(`DELETE FROM ${table} WHERE gateway_id = ${gw} AND row_id IN UNNEST(${ids})`);
  const columns = [
    { name: "gateway_id", type: "STRING" },
    { name: "row_id", type: "STRING" },
    ...schema.columns.map((c) => ({ name: quoteIdent(c.name), type: BQ_TYPES[c.type].ddl })),
  ];
  const visible = states.flatMap((state) => {
    const values = rowValues(state);
    if (!values) return [];
    return [
      [gatewayId, state.rowId, ...schema.columns.map((c) => typedParam(values[c.name], c.type))],
    ];
  });
  insertValues(script, table, columns, visible);
}

/** Splits entries into transactions that stay under the parameter limit, in position order. */
function* chunks(
  entries: readonly EncodedEntry[],
  schemas: Map<string, TableSchema>,
): Generator<EncodedEntry[]> {
  let chunk: EncodedEntry[] = [];
  let params = 8;
  for (const entry of entries) {
    const typed = schemas.get(entry.stored.table)?.columns.length ?? -2;
    const cost = LOG_COLUMNS.length + ROW_COLUMNS.length + 2 + typed + 2;
    if (chunk.length > 0 && params + cost > MAX_PARAMS_PER_SCRIPT) {
      yield chunk;
      chunk = [];
      params = 8;
    }
    chunk.push(entry);
    params += cost;
  }
  if (chunk.length > 0) yield chunk;
}

/** Why a schema cannot get a typed table (core's rules, and its 63-character names), or null. */
function checkSchema(schema: TableSchema): string | null {
  return typedTableSchemaProblem(schema, (name) =>
    isValidIdentifier(name)
      ? null
      : `Name "${name}" is longer than the ${MAX_IDENTIFIER_LENGTH} characters a typed table takes`,
  );
}

function isNotFound(err: unknown): boolean {
  return (err instanceof BigQueryError ? err : toBigQueryError(err)).notFound;
}

function adapterError(what: string, err: unknown): AdapterError {
  return new AdapterError(`${what}: ${toBigQueryError(err).message}`);
}
