// The public API of @lakesync/adapter-bigquery.
export {
  BigQueryAdapter,
  type BigQueryAdapterOptions,
  NO_DELTA_LOG_WARNING,
  NOT_A_DELTA_LOG_WARNING,
} from "./adapter/bigquery-adapter.js";
export { BigQueryError } from "./client/bigquery-error.js";
export {
  BigQueryRest,
  type BigQueryRestOptions,
  type BigQuerySettings,
} from "./client/bigquery-rest.js";
export { bigqueryConnectorFactory } from "./connector/bigquery-connector.js";
export {
  BigQuerySqlSource,
  type BigQuerySqlSourceOptions,
} from "./source/bigquery-sql-source.js";
