// The public API of @lakesync/adapter-postgres.
export {
  NO_DELTA_LOG_WARNING,
  PostgresAdapter,
  type PostgresAdapterOptions,
} from "./adapter/postgres-adapter.js";
export { pgliteClient } from "./clients/pglite-client.js";
export { type PostgresJsClientOptions, postgresJsClient } from "./clients/postgres-js-client.js";
export { describeDbError, redactSecrets, SqlClientError } from "./db-error.js";
export { MAX_BIND_PARAMS } from "./sql/batched-insert.js";
export type { SqlClient } from "./sql-client.js";
