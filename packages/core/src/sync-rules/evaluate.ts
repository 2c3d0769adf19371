import type { Row } from "../delta/types.js";
import { type Claims, resolveValue } from "./claims.js";
import { compareValues, looseEquals } from "./compare.js";
import type { SyncRuleFilter, SyncRuleOp, SyncRules } from "./types.js";

/** Whether a row of a table reaches the client the rules were compiled for. */
export type RowPredicate = (table: string, row: Row) => boolean;

type RowTest = (row: Row) => boolean;

/**
 * Binds rules to one caller's claims, once, for evaluating many rows.
 *
 * - `null` / `undefined` rules: every row reaches everyone. `{ buckets: [] }`: nothing does.
 * - A row reaches the client when any bucket listing its table admits it (OR); a bucket
 *   admits a row when all its filters hold (AND); no filters admits every row.
 * - `"jwt:<claim>"` is replaced by that top-level claim; a missing (absent or null) claim
 *   makes its filter false, whatever the op.
 * - An array (literal or claim) means membership: `eq`/`in` hold when the column equals an
 *   element, `neq`/`nin` when it equals none. `gt`/`gte`/`lt`/`lte` against an array fail.
 * - A null or absent column equals only null: `eq x`, `in [x]` and every order op fail;
 *   `neq x` and `nin [x]` (x not null) hold.
 * - Values compare as in {@link compareValues} and {@link looseEquals}.
 * @example
 * const admits = compileSyncRules(rules, { sub: "u1", team: "ENG" });
 * admits("jira_issues", { project_key: "ENG" }); // true
 */
export function compileSyncRules(
  rules: SyncRules | null | undefined,
  claims: Claims,
): RowPredicate {
  if (rules === null || rules === undefined) return () => true;
  const byTable = compileBuckets(rules, claims);
  return (table, row) => admits(byTable.get(table), row);
}

/**
 * Whether one row of `table` reaches the caller with these claims; see
 * {@link compileSyncRules} for the semantics. Compile once when testing many rows.
 * @example rowMatchesRules("sf_accounts", { owner_name: "Ada" }, rules, { name: "Ada" }) // true
 */
export function rowMatchesRules(
  table: string,
  row: Row,
  rules: SyncRules | null | undefined,
  claims: Claims,
): boolean {
  return compileSyncRules(rules, claims)(table, row);
}

/** Each table's buckets, each bucket as the tests of its filters. */
export type CompiledBuckets = ReadonlyMap<string, ReadonlyArray<readonly RowTest[]>>;

/** Compiles every bucket's filters against the claims, indexed by the tables it lists. */
export function compileBuckets(rules: SyncRules, claims: Claims): CompiledBuckets {
  const byTable = new Map<string, (readonly RowTest[])[]>();
  for (const bucket of rules.buckets) {
    const tests = (bucket.filters ?? []).map((f) => compileFilter(f, claims));
    for (const table of new Set(bucket.tables)) {
      const list = byTable.get(table);
      if (list) list.push(tests);
      else byTable.set(table, [tests]);
    }
  }
  return byTable;
}

/** Whether any of a table's buckets admits the row; no buckets admits nothing. */
export function admits(buckets: ReadonlyArray<readonly RowTest[]> | undefined, row: Row): boolean {
  return buckets?.some((tests) => tests.every((test) => test(row))) ?? false;
}

function compileFilter(filter: SyncRuleFilter, claims: Claims): RowTest {
  const resolved = resolveValue(filter.value, claims);
  if (resolved.missing) return () => false;
  const check = compileOp(filter.op, resolved.value);
  const { column } = filter;
  return (row) => check(Object.hasOwn(row, column) ? row[column] : undefined);
}

function compileOp(op: SyncRuleOp, target: unknown): (value: unknown) => boolean {
  const list: readonly unknown[] = Array.isArray(target) ? target : [target];
  const isIn = (value: unknown) => list.some((item) => looseEquals(value, item));
  switch (op) {
    case "eq":
    case "in":
      return isIn;
    case "neq":
    case "nin":
      return (value) => !isIn(value);
    case "gt":
      return ordered(target, (c) => c > 0);
    case "gte":
      return ordered(target, (c) => c >= 0);
    case "lt":
      return ordered(target, (c) => c < 0);
    case "lte":
      return ordered(target, (c) => c <= 0);
  }
}

function ordered(target: unknown, holds: (c: number) => boolean): (value: unknown) => boolean {
  if (Array.isArray(target)) return () => false;
  return (value) => {
    const c = compareValues(value, target);
    return c !== undefined && holds(c);
  };
}
