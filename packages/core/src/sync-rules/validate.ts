import type { ValidationError } from "../errors/index.js";
import type { Result } from "../result/index.js";
import { parseWith } from "../validation/parse-with.js";
import { syncRulesZod } from "./schema.js";
import type { SyncRules } from "./types.js";

/**
 * Checks sync rules from outside (the admin API, a file). The error's issues name each bad
 * field: `buckets[0].filters[1].op: must be one of eq, neq, in, nin, gt, gte, lt, lte`.
 * An omitted `filters` becomes `[]`.
 * @example
 * const rules = validateSyncRules(await request.json());
 * if (!rules.ok) return badRequest(rules.error); // code "INVALID_SYNC_RULES"
 */
export function validateSyncRules(input: unknown): Result<SyncRules, ValidationError> {
  return parseWith(syncRulesZod, input, "INVALID_SYNC_RULES");
}
