export type { DatabaseAdapter, LoggedDelta } from "./database-adapter.js";
export type { KeysetCursor, SqlSource } from "./sql-source.js";
