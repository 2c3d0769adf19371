import {
  dbErrorCode,
  encodeEntry,
  LogStoreAdapter,
  type LogStoreAdapterOptions,
  type LogStoreDialect,
  MAX_IDENTIFIER_LENGTH,
} from "@lakesync/core";
import type { SqlClient } from "../sql-client.js";
import { appendToLog, lastLoggedPosition, MAX_POSITION, readLogPage } from "./delta-log.js";
import {
  createLogTables,
  lockGateway,
  lockSchemaChanges,
  OTHER_SHAPE_CODES,
  UNDEFINED_TABLE_CODES,
} from "./log-tables.js";
import { readRowState, readRowStates, readTableStates, writeRowStates } from "./row-states.js";
import { readSchemas, saveSchema } from "./schema-registry.js";
import { ensureTypedTable, writeTypedRows } from "./typed-table.js";

export { NO_DELTA_LOG_WARNING, NOT_A_DELTA_LOG_WARNING } from "@lakesync/core";

/** Options of {@link PostgresAdapter}: its client (`postgresJsClient(url)` or `pgliteClient(dir)`) and gateway id. */
export type PostgresAdapterOptions = LogStoreAdapterOptions<SqlClient>;

/** PostgreSQL's SQL for the log store: DDL is transactional, so a schema change is one transaction. */
const POSTGRES: LogStoreDialect<SqlClient> = {
  createLogTables,
  inGatewayTransaction: (client, gatewayId, fn) =>
    client.transaction(async (tx) => {
      await lockGateway(tx, gatewayId);
      return fn(tx);
    }),
  underSchemaLocks: (client, gatewayId, fn) =>
    client.transaction(async (tx) => {
      await lockSchemaChanges(tx);
      await lockGateway(tx, gatewayId);
      return fn(tx, (work) => work(tx));
    }),
  encodeEntry,
  appendToLog,
  readLogPage,
  lastLoggedPosition,
  maxPosition: MAX_POSITION,
  readSchemas,
  saveSchema,
  ensureTypedTable,
  writeTypedRows,
  readRowState,
  readRowStates,
  readTableStates,
  writeRowStates,
  isMissingTable: (err) => UNDEFINED_TABLE_CODES.has(dbErrorCode(err) ?? ""),
  isOtherShape: (err) => OTHER_SHAPE_CODES.has(dbErrorCode(err) ?? ""),
  tooLong: `is longer than PostgreSQL's ${MAX_IDENTIFIER_LENGTH} characters`,
  close: (client) => client.close(),
};

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
export class PostgresAdapter extends LogStoreAdapter<SqlClient> {
  constructor(options: PostgresAdapterOptions) {
    super(
      "PostgresAdapter",
      "a SqlClient: postgresJsClient(url) or pgliteClient(dir)",
      options,
      POSTGRES,
    );
  }
}
