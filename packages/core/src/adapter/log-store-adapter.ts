import { type Row, type RowState, rowValues } from "../delta/index.js";
import { AdapterError } from "../errors/index.js";
import type { HLCTimestamp } from "../hlc/index.js";
import { Err, Ok, type Result } from "../result/index.js";
import type { TableSchema } from "../schema/index.js";
import type { DatabaseAdapter, LoggedDelta } from "./database-adapter.js";
import { describeDbError } from "./db-error.js";
import { byPosition, type EncodedEntry, uniqueById } from "./logged-entry.js";
import { mergeEntries, touchedRows } from "./merge-entries.js";
import { forEachStatePage, statesBySchema } from "./typed-rows.js";
import {
  isValidIdentifier,
  MAX_IDENTIFIER_LENGTH,
  typedTableSchemaProblem,
} from "./typed-table-schema.js";
import { widenSchema } from "./widen-schema.js";

/** What a pull of a database without a delta log answers, next to an empty page. */
export const NO_DELTA_LOG_WARNING =
  "This database has no LakeSync delta log (table lakesync_deltas): only a gateway that stores its deltas in it writes one (gateway-server does in the PostgreSQL of LAKESYNC_STORE_URL; an embedded gateway with this package's adapter as its store). Rows an ingest poller reads from it reach clients through the normal pull, without source";

/**
 * What a pull answers, next to an empty page, when the database's `lakesync_deltas` is a table
 * of its own with another shape (the log's columns are not there to read).
 */
export const NOT_A_DELTA_LOG_WARNING =
  "This database's table lakesync_deltas is not a LakeSync delta log (it lacks the log's columns), so a source pull has nothing to read from it. Rows an ingest poller reads from the database reach clients through the normal pull, without source";

/** Rows read per page when a new schema is filled from already merged rows. */
const BACKFILL_PAGE = 1000;

/**
 * The SQL of one database system for {@link LogStoreAdapter}: its statements, locks and error
 * codes, over its client type `C` (a transaction is a `C` too). Functions take the gateway id
 * whose rows they read or write.
 */
export interface LogStoreDialect<C> {
  /** Creates LakeSync's tables when missing. */
  createLogTables(client: C): Promise<void>;
  /** Runs `fn` in one transaction holding the gateway's write lock. */
  inGatewayTransaction<R>(client: C, gatewayId: string, fn: (tx: C) => Promise<R>): Promise<R>;
  /**
   * Runs `fn` holding the schema lock and the gateway's lock. `fn` makes the typed table on
   * `session`, then records and fills it through `transaction` (one transaction with the
   * rest where DDL is transactional; its own where DDL commits implicitly).
   */
  underSchemaLocks<R>(
    client: C,
    gatewayId: string,
    fn: (session: C, transaction: (work: (tx: C) => Promise<void>) => Promise<void>) => Promise<R>,
  ): Promise<R>;
  /** A logged delta encoded once for the log row and the merge (refusing what cannot be stored). */
  encodeEntry(entry: LoggedDelta): EncodedEntry;
  /** Inserts the entries not logged yet; the deltaIds it wrote. */
  appendToLog(tx: C, gatewayId: string, entries: readonly EncodedEntry[]): Promise<Set<string>>;
  readLogPage(
    client: C,
    gatewayId: string,
    since: HLCTimestamp,
    limit: number,
  ): Promise<LoggedDelta[]>;
  lastLoggedPosition(client: C, gatewayId: string): Promise<HLCTimestamp>;
  /** The largest position the log's integer column holds. */
  readonly maxPosition: HLCTimestamp;
  readSchemas(client: C, gatewayId: string): Promise<Map<string, TableSchema>>;
  saveSchema(tx: C, gatewayId: string, schema: TableSchema): Promise<void>;
  /** Creates or widens the typed table; a sentence when it cannot, else null. */
  ensureTypedTable(client: C, schema: TableSchema): Promise<string | null>;
  writeTypedRows(
    tx: C,
    gatewayId: string,
    schema: TableSchema,
    states: readonly RowState[],
  ): Promise<void>;
  readRowState(
    client: C,
    gatewayId: string,
    table: string,
    rowId: string,
  ): Promise<RowState | undefined>;
  /** The stored states of the given rows, keyed by `rowKey`. */
  readRowStates(
    tx: C,
    gatewayId: string,
    keys: readonly { readonly table: string; readonly rowId: string }[],
  ): Promise<Map<string, RowState>>;
  /** A page of one table's stored states, by row id, after `afterRowId`. */
  readTableStates(
    tx: C,
    gatewayId: string,
    table: string,
    afterRowId: string | null,
    limit: number,
  ): Promise<RowState[]>;
  writeRowStates(tx: C, gatewayId: string, states: readonly RowState[]): Promise<void>;
  /** Whether an error says a LakeSync table (or the schema) does not exist. */
  isMissingTable(err: unknown): boolean;
  /** Whether an error says a table has not the columns (or types) of LakeSync's own. */
  isOtherShape(err: unknown): boolean;
  /** How a too-long name is refused, e.g. `is longer than PostgreSQL's 63 characters`. */
  readonly tooLong: string;
  close(client: C): Promise<void>;
}

/** What a log-store adapter is built on. */
export interface LogStoreAdapterOptions<C> {
  /** The database client; the adapter closes it. */
  readonly client: C;
  /** The gateway whose deltas this adapter reads and writes; many share one database. Default "". */
  readonly gatewayId?: string;
}

/**
 * A {@link DatabaseAdapter} over a SQL database, given its dialect: per gateway id, the delta
 * log (`lakesync_deltas`, idempotent by deltaId), each row's merged state (`lakesync_rows`,
 * column-level last-writer-wins) and, for tables given a schema, a typed table of the visible
 * rows. Failures come back as `AdapterError`s with the database's reason and no secrets.
 * The PostgreSQL and MySQL adapters are this class over their own dialects.
 */
export class LogStoreAdapter<C> implements DatabaseAdapter {
  readonly #client: C;
  readonly #gatewayId: string;
  readonly #sql: LogStoreDialect<C>;
  #ready: Promise<void> | null = null;

  /**
   * `adapter` and `usage` name the class and the client it takes in the TypeError a wrong
   * option gets (`PostgresAdapter needs a SqlClient: postgresJsClient(url) ...`).
   */
  constructor(
    adapter: string,
    usage: string,
    options: LogStoreAdapterOptions<C>,
    dialect: LogStoreDialect<C>,
  ) {
    const client = options?.client as { query?: unknown } | undefined;
    if (typeof client?.query !== "function") throw new TypeError(`${adapter} needs ${usage}`);
    if (options.gatewayId !== undefined && typeof options.gatewayId !== "string") {
      throw new TypeError(`${adapter} gatewayId must be a string`);
    }
    this.#client = options.client;
    this.#gatewayId = options.gatewayId ?? "";
    this.#sql = dialect;
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
    const sql = this.#sql;
    let encoded: EncodedEntry[];
    try {
      encoded = uniqueById(entries).map((entry) => sql.encodeEntry(entry));
    } catch (err) {
      return Err(new AdapterError(`Deltas could not be encoded: ${describeDbError(err)}`));
    }
    try {
      await this.#ensureTables();
      await sql.inGatewayTransaction(this.#client, this.#gatewayId, async (tx) => {
        const written = await sql.appendToLog(tx, this.#gatewayId, encoded);
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
   * database without a delta log, or whose `lakesync_deltas` is a table of another shape,
   * answers an empty page with a warning that says so.
   */
  async queryDeltasSince(
    since: HLCTimestamp,
    limit: number,
  ): Promise<Result<{ deltas: LoggedDelta[]; warnings?: string[] }, AdapterError>> {
    const count = Number.isFinite(limit) ? Math.floor(limit) : Number.MAX_SAFE_INTEGER;
    if (!(count > 0) || since >= this.#sql.maxPosition) return Ok({ deltas: [] });
    try {
      return Ok({
        deltas: await this.#sql.readLogPage(this.#client, this.#gatewayId, since, count),
      });
    } catch (err) {
      if (this.#sql.isMissingTable(err))
        return Ok({ deltas: [], warnings: [NO_DELTA_LOG_WARNING] });
      if (this.#sql.isOtherShape(err))
        return Ok({ deltas: [], warnings: [NOT_A_DELTA_LOG_WARNING] });
      return Err(adapterError("Could not read the delta log", err));
    }
  }

  /** The highest position logged for this gateway (to resume its clock after a restart), or 0n. */
  async lastPosition(): Promise<Result<HLCTimestamp, AdapterError>> {
    try {
      return Ok(await this.#sql.lastLoggedPosition(this.#client, this.#gatewayId));
    } catch (err) {
      if (this.#sql.isMissingTable(err)) return Ok(0n);
      return Err(adapterError("Could not read the delta log", err));
    }
  }

  /**
   * Creates the typed table `schema.table` (gateway_id, row_id and the schema's columns), or
   * adds the columns it lacks, and fills new columns from rows already merged. From then on
   * every write of that table also upserts (or deletes) its rows there. Schemas only widen.
   */
  async ensureSchema(schema: TableSchema): Promise<Result<void, AdapterError>> {
    const sql = this.#sql;
    const invalid = typedTableSchemaProblem(schema, (name) =>
      isValidIdentifier(name) ? null : `Name "${name}" ${sql.tooLong}`,
    );
    if (invalid) return Err(new AdapterError(invalid));
    try {
      await this.#ensureTables();
      const conflict = await sql.underSchemaLocks(
        this.#client,
        this.#gatewayId,
        async (session, transaction) => {
          const registered = (await sql.readSchemas(session, this.#gatewayId)).get(schema.table);
          const widened = widenSchema(registered, schema);
          if ("conflict" in widened) return widened.conflict;
          const problem = await sql.ensureTypedTable(session, widened.schema);
          if (problem) return problem;
          if (registered && widened.added.length === 0) return null;
          await transaction(async (tx) => {
            await sql.saveSchema(tx, this.#gatewayId, widened.schema);
            await this.#backfill(tx, widened.schema);
          });
          return null;
        },
      );
      return conflict ? Err(new AdapterError(conflict)) : Ok(undefined);
    } catch (err) {
      return Err(adapterError(`Could not create or widen table "${schema.table}"`, err));
    }
  }

  /** The schemas registered for this gateway, by table. */
  async listSchemas(): Promise<Result<TableSchema[], AdapterError>> {
    try {
      return Ok([...(await this.#sql.readSchemas(this.#client, this.#gatewayId)).values()]);
    } catch (err) {
      if (this.#sql.isMissingTable(err)) return Ok([]);
      return Err(adapterError("Could not read the table schemas", err));
    }
  }

  /** The merged visible values of a row, or null when it was never written or is deleted. */
  async readRow(table: string, rowId: string): Promise<Result<Row | null, AdapterError>> {
    try {
      const state = await this.#sql.readRowState(this.#client, this.#gatewayId, table, rowId);
      return Ok(rowValues(state));
    } catch (err) {
      if (this.#sql.isMissingTable(err)) return Ok(null);
      return Err(adapterError("Could not read the row", err));
    }
  }

  /** Closes the database client. */
  async close(): Promise<void> {
    await this.#sql.close(this.#client);
  }

  #ensureTables(): Promise<void> {
    if (!this.#ready) {
      this.#ready = this.#sql.createLogTables(this.#client).catch((err: unknown) => {
        this.#ready = null;
        throw err;
      });
    }
    return this.#ready;
  }

  /** Merges newly logged deltas (in position order) into their rows and typed tables. */
  async #merge(tx: C, fresh: readonly EncodedEntry[]): Promise<void> {
    const sql = this.#sql;
    const states = await sql.readRowStates(tx, this.#gatewayId, touchedRows(fresh));
    const changed = mergeEntries(states, fresh);
    await sql.writeRowStates(tx, this.#gatewayId, changed);

    const schemas = await sql.readSchemas(tx, this.#gatewayId);
    for (const [schema, list] of statesBySchema(changed, schemas)) {
      await sql.writeTypedRows(tx, this.#gatewayId, schema, list);
    }
  }

  /** Writes every merged row of a table into its typed table, a page at a time. */
  async #backfill(tx: C, schema: TableSchema): Promise<void> {
    await forEachStatePage(
      (after, limit) => this.#sql.readTableStates(tx, this.#gatewayId, schema.table, after, limit),
      (page) => this.#sql.writeTypedRows(tx, this.#gatewayId, schema, page),
      BACKFILL_PAGE,
    );
  }
}

/** The longest-name refusal every store shares (the typed-table identifier limit). */
export const TOO_LONG_FOR_EVERY_STORE = `is longer than ${MAX_IDENTIFIER_LENGTH} characters (the limit of every LakeSync store)`;

/** An AdapterError whose message says what failed and the database's reason, no secrets. */
function adapterError(what: string, err: unknown): AdapterError {
  return new AdapterError(`${what}: ${describeDbError(err)}`);
}
