// The public API of @lakesync/adapter-mysql.
export {
  MySqlAdapter,
  type MySqlAdapterOptions,
  NO_DELTA_LOG_WARNING,
  NOT_A_DELTA_LOG_WARNING,
} from "./adapter/mysql-adapter.js";
export { type MySqlClientOptions, mysqlClient } from "./clients/mysql2-client.js";
export { mysqlConnectorFactory } from "./connector/mysql-connector.js";
export { describeDbError, redactSecrets, SqlClientError } from "./db-error.js";
export {
  type MySqlReadOptions,
  MySqlSqlSource,
  type MySqlSqlSourceOptions,
} from "./source/mysql-sql-source.js";
export { MAX_BIND_PARAMS } from "./sql/batched-insert.js";
export type { ColumnInfo, MySqlClient } from "./sql-client.js";
