import {
  dbErrorCode,
  LogStoreAdapter,
  type LogStoreAdapterOptions,
  type LogStoreDialect,
  TOO_LONG_FOR_EVERY_STORE,
} from "@lakesync/core";
import type { MySqlClient } from "../sql-client.js";
import {
  appendToLog,
  encodeEntryInRange,
  lastLoggedPosition,
  MAX_POSITION,
  readLogPage,
} from "./delta-log.js";
import {
  createLogTables,
  OTHER_SHAPE_CODES,
  UNDEFINED_TABLE_CODES,
  withGatewayLock,
  withSchemaLock,
} from "./log-tables.js";
import { readRowState, readRowStates, readTableStates, writeRowStates } from "./row-states.js";
import { readSchemas, saveSchema } from "./schema-registry.js";
import { ensureTypedTable, writeTypedRows } from "./typed-table.js";

export { NO_DELTA_LOG_WARNING, NOT_A_DELTA_LOG_WARNING } from "@lakesync/core";

/** Options of {@link MySqlAdapter}: its client (`mysqlClient(url)`) and gateway id. */
export type MySqlAdapterOptions = LogStoreAdapterOptions<MySqlClient>;

/**
 * MySQL's and MariaDB's SQL for the log store. Locks are named locks held by one session.
 * DDL commits implicitly, so a schema change creates or widens its table first, under the
 * locks, then records and fills it in a transaction of its own.
 */
const MYSQL: LogStoreDialect<MySqlClient> = {
  createLogTables,
  inGatewayTransaction: (client, gatewayId, fn) =>
    client.session((session) => withGatewayLock(session, gatewayId, () => session.transaction(fn))),
  underSchemaLocks: (client, gatewayId, fn) =>
    client.session((session) =>
      withSchemaLock(session, () =>
        withGatewayLock(session, gatewayId, () => fn(session, (work) => session.transaction(work))),
      ),
    ),
  encodeEntry: encodeEntryInRange,
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
  tooLong: TOO_LONG_FOR_EVERY_STORE,
  close: (client) => client.close(),
};

/**
 * A {@link DatabaseAdapter} over MySQL 8 or MariaDB (mysql2). It keeps, per gateway id,
 * the delta log (`lakesync_deltas`, idempotent by deltaId), each row's merged state
 * (`lakesync_rows`, column-level last-writer-wins) and, for tables given a schema, a typed
 * table of the visible rows. Database failures come back as `AdapterError`s without secrets.
 * @example
 * const store = new MySqlAdapter({ client: mysqlClient(url), gatewayId: "my-gw" });
 * await store.insertDeltas([{ position, delta }]);
 * const page = await store.queryDeltasSince(0n, 100);
 */
export class MySqlAdapter extends LogStoreAdapter<MySqlClient> {
  constructor(options: MySqlAdapterOptions) {
    super("MySqlAdapter", "a MySqlClient: mysqlClient(url)", options, MYSQL);
  }
}
