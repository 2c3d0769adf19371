export { parseRetryAfter, SalesforceApiError, type SalesforceErrorKind } from "./errors.js";
export {
  SalesforceClient,
  type SalesforceClientOptions,
  type SalesforceQueryOptions,
} from "./salesforce-client.js";
export type {
  SalesforceErrorItem,
  SalesforceQueryPage,
  SalesforceRecord,
  SalesforceTokenResponse,
} from "./types.js";
