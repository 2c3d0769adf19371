import type { Row } from "@lakesync/core";
import type { SalesforceRecord } from "./client/types.js";
import type { SalesforceEntity } from "./entities.js";

/** The SOQL fields of an entity's query: `Id`, `IsDeleted`, then one per column. */
export function selectFields(entity: SalesforceEntity): string[] {
  return ["Id", "IsDeleted", ...entity.columns.map(([, field]) => field)];
}

/**
 * A Salesforce date-time (`2024-01-15T10:30:00.000+0000`) as ISO 8601 in UTC
 * (`2024-01-15T10:30:00.000Z`); other values pass through (dates such as `CloseDate` stay
 * `YYYY-MM-DD`); null when absent.
 */
export function normalizeSalesforceValue(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
    const ms = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
    return Number.isNaN(ms) ? value : new Date(ms).toISOString();
  }
  return value;
}

/** Reads `Name` or a relationship path such as `Owner.Name` (null when the parent is null). */
function field(record: SalesforceRecord, path: string): unknown {
  let value: unknown = record;
  for (const part of path.split(".")) {
    if (value === null || typeof value !== "object") return null;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** One row of the entity's table (columns exactly as core's schema), keyed by column name. */
export function recordRow(entity: SalesforceEntity, record: SalesforceRecord): Row {
  const row: Record<string, unknown> = {};
  for (const [column, path] of entity.columns) {
    row[column] = normalizeSalesforceValue(field(record, path));
  }
  return row;
}
