import type { SalesforceEntity } from "./entities.js";
import { selectFields } from "./mapping.js";

/**
 * How far before the stored cursor a poll asks from. SOQL date-time literals have whole
 * seconds; asking from one second before the cursor's second takes every record sharing the
 * cursor's `LastModifiedDate`, and core's cursor engine drops those at or before
 * `(LastModifiedDate, Id)` of the cursor.
 */
export const CURSOR_OVERLAP_MS = 1000;

/**
 * A SOQL date-time literal in UTC, whole seconds: `2024-01-15T10:30:00Z` (unquoted in SOQL).
 * @example formatSoqlDateTime(Date.parse("2024-01-15T10:30:00.250Z")) // "2024-01-15T10:30:00Z"
 */
export function formatSoqlDateTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * The SOQL of one entity's poll: its fields (`Owner.Name` included), the user's `soqlFilter`
 * in parentheses (so an `OR` cannot escape the cursor), the cursor condition when there is
 * one, ordered by `LastModifiedDate`.
 * @example
 * buildSoql(account, { filter: "Type = 'Customer'", since: "2024-01-15T10:30:00.000Z" })
 * // SELECT Id, IsDeleted, Name, ... FROM Account
 * //   WHERE (Type = 'Customer') AND LastModifiedDate > 2024-01-15T10:29:59Z ORDER BY LastModifiedDate ASC
 */
export function buildSoql(
  entity: SalesforceEntity,
  options: { filter?: string | undefined; since?: string | null },
): string {
  const conditions: string[] = [];
  const filter = options.filter?.trim().replace(/^where\s+/i, "");
  if (filter) conditions.push(`(${filter})`);
  if (options.since) {
    const at = Date.parse(options.since);
    if (!Number.isNaN(at)) {
      conditions.push(`LastModifiedDate > ${formatSoqlDateTime(at - CURSOR_OVERLAP_MS)}`);
    }
  }
  const where = conditions.length > 0 ? ` WHERE ${conditions.join(" AND ")}` : "";
  return `SELECT ${selectFields(entity).join(", ")} FROM ${entity.sobject}${where} ORDER BY LastModifiedDate ASC`;
}
