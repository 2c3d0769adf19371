export {
  parseRetryAfter,
  SalesforceApiError,
  SalesforceClient,
  type SalesforceClientOptions,
  type SalesforceErrorItem,
  type SalesforceErrorKind,
  type SalesforceQueryOptions,
  type SalesforceQueryPage,
  type SalesforceRecord,
  type SalesforceTokenResponse,
} from "./client/index.js";
export {
  enabledEntities,
  SALESFORCE_ENTITIES,
  type SalesforceEntity,
  type SalesforceIncludeFlag,
} from "./entities.js";
export { salesforceConnectorFactory } from "./factory.js";
export { normalizeSalesforceValue, recordRow, selectFields } from "./mapping.js";
export {
  createSalesforcePoller,
  type SalesforcePoller,
  type SalesforcePollerOptions,
  salesforceLoginUrl,
  stateKeys,
} from "./poller/index.js";
export { buildSoql, CURSOR_OVERLAP_MS, formatSoqlDateTime } from "./soql.js";
