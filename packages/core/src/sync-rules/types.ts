/** The comparison operators a sync-rule filter may use. */
export const syncRuleOps = ["eq", "neq", "in", "nin", "gt", "gte", "lt", "lte"] as const;
export type SyncRuleOp = (typeof syncRuleOps)[number];

/**
 * A literal a filter compares with. A string `"jwt:<claim>"` is not a literal: it is replaced
 * by that top-level claim of the caller's verified token when rules are evaluated.
 */
export type SyncRuleScalar = string | number | boolean | null;

/** A filter's value: a scalar (or `"jwt:<claim>"`), or a list for `in` / `nin`. */
export type SyncRuleValue = SyncRuleScalar | readonly SyncRuleScalar[];

/** One condition on one column of a row. */
export interface SyncRuleFilter {
  readonly column: string;
  readonly op: SyncRuleOp;
  readonly value: SyncRuleValue;
}

/**
 * A named set of tables whose rows a client receives when every filter holds for the row.
 * No filters (omitted or empty) admits every row of the listed tables.
 */
export interface SyncRuleBucket {
  readonly name: string;
  readonly tables: readonly string[];
  readonly filters?: readonly SyncRuleFilter[] | undefined;
}

/**
 * Which rows reach which client. A row reaches a client when any bucket that lists its
 * table admits it; a table no bucket lists reaches nobody.
 */
export interface SyncRules {
  readonly version?: number;
  readonly buckets: readonly SyncRuleBucket[];
}
