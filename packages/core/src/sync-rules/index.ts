export { type Claims, JWT_REF_PREFIX, jwtClaimName } from "./claims.js";
export { compareValues, looseEquals, parseTimestamp } from "./compare.js";
export { compileSyncRules, type RowPredicate, rowMatchesRules } from "./evaluate.js";
export { deltaRow, type FilterDeltasOptions, filterDeltas } from "./filter-deltas.js";
export { syncRuleBucketZod, syncRuleFilterZod, syncRulesZod } from "./schema.js";
export {
  type SyncRuleBucket,
  type SyncRuleFilter,
  type SyncRuleOp,
  type SyncRuleScalar,
  type SyncRules,
  type SyncRuleValue,
  syncRuleOps,
} from "./types.js";
export { validateSyncRules } from "./validate.js";
