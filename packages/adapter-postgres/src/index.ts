// The public API of @lakesync/adapter-postgres.
export {
  NO_DELTA_LOG_WARNING,
  NOT_A_DELTA_LOG_WARNING,
  PostgresAdapter,
  type PostgresAdapterOptions,
} from "./adapter/postgres-adapter.js";
export { pgliteClient } from "./clients/pglite-client.js";
export { type PostgresJsClientOptions, postgresJsClient } from "./clients/postgres-js-client.js";
export { postgresConnectorFactory } from "./connector/postgres-connector.js";
export { describeDbError, redactSecrets, SqlClientError } from "./db-error.js";
export { PostgresSqlSource } from "./source/postgres-sql-source.js";
export { MAX_BIND_PARAMS } from "./sql/batched-insert.js";
export type { SqlClient } from "./sql-client.js";
