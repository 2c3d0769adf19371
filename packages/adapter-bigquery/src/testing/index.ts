// Test helpers for the BigQuery adapter: a local BigQuery speaking the REST API v2.
export {
  FakeBigQuery,
  type FakeBigQueryFailure,
  type FakeBigQueryOptions,
  type FakeBigQueryRequest,
} from "./fake/fake-bigquery.js";
