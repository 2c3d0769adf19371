// Test support shared by the packages' tests (not built, not published): `@lakesync/core/testing`.
export {
  specConnectorBodies,
  specJiraRules,
  specSalesforceRules,
  specSchema,
  specSecrets,
  specSyncRules,
} from "./spec-bodies.js";
export { type SpecBodyEdits, specBodyWith } from "./spec-body-with.js";
