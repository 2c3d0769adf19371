export {
  createSalesforcePoller,
  type SalesforcePoller,
  type SalesforcePollerOptions,
  salesforceLoginUrl,
  toPollError,
} from "./salesforce-poller.js";
export { stateKeys } from "./state-keys.js";
