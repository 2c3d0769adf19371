import {
  AdapterError,
  byPosition,
  type DatabaseAdapter,
  type EncodedEntry,
  Err,
  encodeEntry,
  forEachStatePage,
  type HLCTimestamp,
  isValidIdentifier,
  type LoggedDelta,
  MAX_IDENTIFIER_LENGTH,
  mergeEntries,
  Ok,
  type Result,
  type Row,
  rowValues,
  statesBySchema,
  type TableSchema,
  touchedRows,
  typedTableSchemaProblem,
  uniqueById,
  widenSchema,
} from "@lakesync/core";
import { dbErrorCode, describeDbError } from "../db-error.js";
import type { SqlClient } from "../sql-client.js";
import { appendToLog, lastLoggedPosition, MAX_POSITION, readLogPage } from "./delta-log.js";
import {
  createLogTables,
  lockGateway,
  lockSchemaChanges,
  UNDEFINED_TABLE_CODES,
} from "./log-tables.js";
import { readRowState, readRowStates, readTableStates, writeRowStates } from "./row-states.js";
import { readSchemas, saveSchema } from "./schema-registry.js";
import { ensureTypedTable, writeTypedRows } from "./typed-table.js";

/** Options of {@link PostgresAdapter}. */
export interface PostgresAdapterOptions {
  /** The database: `postgresJsClient(url)` or `pgliteClient(dir)`. The adapter closes it. */
  readonly client: SqlClient;
  /** The gateway whose deltas this adapter reads and writes; many share one database. Default "". */
  readonly gatewayId?: string;
}

/** What a pull of a database without a delta log answers, next to an empty page. */
export const NO_DELTA_LOG_WARNING =
  "This database has no LakeSync delta log (table lakesync_deltas): a gateway that uses it as its store writes one. Rows an ingest poller reads from it reach clients through the normal pull, without source";

/** Rows read per page when a new schema is filled from already merged rows. */
const BACKFILL_PAGE = 1000;

/**
 * A {@link DatabaseAdapter} over PostgreSQL (postgres.js) or PGlite. It keeps, per gateway id,
 * the delta log (`lakesync_deltas`, idempotent by deltaId), each row's merged state
 * (`lakesync_rows`, column-level last-writer-wins) and, for tables given a schema, a typed
 * table of the visible rows. Database failures come back as `AdapterError`s without secrets.
 * @example
 * const store = new PostgresAdapter({ client: postgresJsClient(url), gatewayId: "my-gw" });
 * await store.insertDeltas([{ position, delta }]);
 * const page = await store.queryDeltasSince(0n, 100);
 */
export class PostgresAdapter implements DatabaseAdapter {
  readonly #client: SqlClient;
  readonly #gatewayId: string;
  #ready: Promise<void> | null = null;

  constructor(options: PostgresAdapterOptions) {
    if (!options || typeof options.client?.query !== "function") {
      throw new TypeError(
        "PostgresAdapter needs a SqlClient: postgresJsClient(url) or pgliteClient(dir)",
      );
    }
    if (options.gatewayId !== undefined && typeof options.gatewayId !== "string") {
      throw new TypeError("PostgresAdapter gatewayId must be a string");
    }
    this.#client = options.client;
    this.#gatewayId = options.gatewayId ?? "";
  }

  /** The gateway id this adapter reads and writes. */
  get gatewayId(): string {
    return this.#gatewayId;
  }

  /**
   * Creates LakeSync's tables when missing. Writes call it on first use; call it yourself to
   * check a database early. Reads never create anything.
   */
  async init(): Promise<Result<void, AdapterError>> {
    try {
      await this.#ensureTables();
      return Ok(undefined);
    } catch (err) {
      return Err(adapterError("Could not create the LakeSync tables", err));
    }
  }

  /**
   * Appends deltas to the log and merges the new ones into their rows (and typed tables), in
   * one transaction. A deltaId already logged for this gateway is skipped and not merged again.
   */
  async insertDeltas(entries: readonly LoggedDelta[]): Promise<Result<void, AdapterError>> {
    if (entries.length === 0) return Ok(undefined);
    let encoded: EncodedEntry[];
    try {
      encoded = uniqueById(entries).map(encodeEntry);
    } catch (err) {
      return Err(new AdapterError(`Deltas could not be encoded: ${describeDbError(err)}`));
    }
    try {
      await this.#ensureTables();
      await this.#client.transaction(async (tx) => {
        await lockGateway(tx, this.#gatewayId);
        const written = await appendToLog(tx, this.#gatewayId, encoded);
        if (written.size === 0) return;
        const fresh = encoded.filter((e) => written.has(e.entry.delta.deltaId)).sort(byPosition);
        await this.#merge(tx, fresh);
      });
      return Ok(undefined);
    } catch (err) {
      return Err(adapterError("Could not write deltas", err));
    }
  }

  /**
   * Up to `limit` logged deltas of this gateway after position `since`, oldest first. A
   * database without a delta log answers an empty page with a warning that says so.
   */
  async queryDeltasSince(
    since: HLCTimestamp,
    limit: number,
  ): Promise<Result<{ deltas: LoggedDelta[]; warnings?: string[] }, AdapterError>> {
    const count = Number.isFinite(limit) ? Math.floor(limit) : Number.MAX_SAFE_INTEGER;
    if (!(count > 0) || since >= MAX_POSITION) return Ok({ deltas: [] });
    try {
      return Ok({ deltas: await readLogPage(this.#client, this.#gatewayId, since, count) });
    } catch (err) {
      if (isMissingTable(err)) return Ok({ deltas: [], warnings: [NO_DELTA_LOG_WARNING] });
      return Err(adapterError("Could not read the delta log", err));
    }
  }

  /** The highest position logged for this gateway (to resume its clock after a restart), or 0n. */
  async lastPosition(): Promise<Result<HLCTimestamp, AdapterError>> {
    try {
      return Ok(await lastLoggedPosition(this.#client, this.#gatewayId));
    } catch (err) {
      if (isMissingTable(err)) return Ok(0n);
      return Err(adapterError("Could not read the delta log", err));
    }
  }

  /**
   * Creates the typed table `schema.table` (gateway_id, row_id and the schema's columns), or
   * adds the columns it lacks, and fills new columns from rows already merged. From then on
   * every write of that table also upserts (or deletes) its rows there. Schemas only widen.
   */
  async ensureSchema(schema: TableSchema): Promise<Result<void, AdapterError>> {
    const invalid = checkSchema(schema);
    if (invalid) return Err(new AdapterError(invalid));
    try {
      await this.#ensureTables();
      const conflict = await this.#client.transaction(async (tx) => {
        await lockSchemaChanges(tx);
        await lockGateway(tx, this.#gatewayId);
        const registered = (await readSchemas(tx, this.#gatewayId)).get(schema.table);
        const widened = widenSchema(registered, schema);
        if ("conflict" in widened) return widened.conflict;
        const problem = await ensureTypedTable(tx, widened.schema);
        if (problem) return problem;
        if (registered && widened.added.length === 0) return null;
        await saveSchema(tx, this.#gatewayId, widened.schema);
        await this.#backfill(tx, widened.schema);
        return null;
      });
      return conflict ? Err(new AdapterError(conflict)) : Ok(undefined);
    } catch (err) {
      return Err(adapterError(`Could not create or widen table "${schema.table}"`, err));
    }
  }

  /** The schemas registered for this gateway, by table. */
  async listSchemas(): Promise<Result<TableSchema[], AdapterError>> {
    try {
      return Ok([...(await readSchemas(this.#client, this.#gatewayId)).values()]);
    } catch (err) {
      if (isMissingTable(err)) return Ok([]);
      return Err(adapterError("Could not read the table schemas", err));
    }
  }

  /** The merged visible values of a row, or null when it was never written or is deleted. */
  async readRow(table: string, rowId: string): Promise<Result<Row | null, AdapterError>> {
    try {
      return Ok(rowValues(await readRowState(this.#client, this.#gatewayId, table, rowId)));
    } catch (err) {
      if (isMissingTable(err)) return Ok(null);
      return Err(adapterError("Could not read the row", err));
    }
  }

  /** Closes the database client. */
  async close(): Promise<void> {
    await this.#client.close();
  }

  #ensureTables(): Promise<void> {
    if (!this.#ready) {
      this.#ready = createLogTables(this.#client).catch((err: unknown) => {
        this.#ready = null;
        throw err;
      });
    }
    return this.#ready;
  }

  /** Merges newly logged deltas (in position order) into their rows and typed tables. */
  async #merge(tx: SqlClient, fresh: readonly EncodedEntry[]): Promise<void> {
    const states = await readRowStates(tx, this.#gatewayId, touchedRows(fresh));
    const changed = mergeEntries(states, fresh);
    await writeRowStates(tx, this.#gatewayId, changed);

    const schemas = await readSchemas(tx, this.#gatewayId);
    for (const [schema, list] of statesBySchema(changed, schemas)) {
      await writeTypedRows(tx, this.#gatewayId, schema, list);
    }
  }

  /** Writes every merged row of a table into its typed table, a page at a time. */
  async #backfill(tx: SqlClient, schema: TableSchema): Promise<void> {
    await forEachStatePage(
      (after, limit) => readTableStates(tx, this.#gatewayId, schema.table, after, limit),
      (page) => writeTypedRows(tx, this.#gatewayId, schema, page),
      BACKFILL_PAGE,
    );
  }
}

/** Why a schema cannot get a typed table, or null when it can. */
function checkSchema(schema: TableSchema): string | null {
  return typedTableSchemaProblem(schema, (name) =>
    isValidIdentifier(name)
      ? null
      : `Name "${name}" is longer than PostgreSQL's ${MAX_IDENTIFIER_LENGTH} characters`,
  );
}

function isMissingTable(err: unknown): boolean {
  const code = dbErrorCode(err);
  return code !== undefined && UNDEFINED_TABLE_CODES.has(code);
}

/** An AdapterError whose message says what failed and the database's reason, no secrets. */
function adapterError(what: string, err: unknown): AdapterError {
  return new AdapterError(`${what}: ${describeDbError(err)}`);
}
