export type { DatabaseAdapter, LoggedDelta } from "./database-adapter.js";
export { jsonText } from "./json-text.js";
export { byPosition, type EncodedEntry, encodeEntry, uniqueById } from "./logged-entry.js";
export { mergeEntries, rowKey, touchedRows } from "./merge-entries.js";
export { decodeRowState, encodeRowState, type StoredRowState } from "./row-state-codec.js";
export type { KeysetCursor, SqlSource } from "./sql-source.js";
export { typedParam } from "./typed-value.js";
export { widenSchema } from "./widen-schema.js";
