export { checkIngestTables, type IngestCheckSource } from "./check-ingest.js";
export type { DatabaseAdapter, LoggedDelta } from "./database-adapter.js";
export { dbErrorCode, dbErrorMessage, describeDbError } from "./db-error.js";
export { insertBatches } from "./insert-batches.js";
export { jsonText } from "./json-text.js";
export { keysetPages } from "./keyset-pages.js";
export {
  LogStoreAdapter,
  type LogStoreAdapterOptions,
  type LogStoreDialect,
  NO_DELTA_LOG_WARNING,
  NOT_A_DELTA_LOG_WARNING,
  TOO_LONG_FOR_EVERY_STORE,
} from "./log-store-adapter.js";
export {
  byPosition,
  decodeLogRow,
  type EncodedEntry,
  encodeEntry,
  type LogRow,
  logRowValues,
  uniqueById,
} from "./logged-entry.js";
export { mergeEntries, rowKey, touchedRows } from "./merge-entries.js";
export { decodeRowState, encodeRowState, type StoredRowState } from "./row-state-codec.js";
export { decodeSchemaColumns, encodeSchemaColumns } from "./schema-codec.js";
export type { KeysetCursor, ReadRowsOptions, SqlSource } from "./sql-source.js";
export { forEachStatePage, statesBySchema, typedRowChanges } from "./typed-rows.js";
export {
  isValidIdentifier,
  MAX_IDENTIFIER_LENGTH,
  RESERVED_TABLE_PREFIX,
  TYPED_TABLE_KEY_COLUMNS,
  typedTableSchemaProblem,
} from "./typed-table-schema.js";
export { typedParam } from "./typed-value.js";
export { widenSchema } from "./widen-schema.js";
