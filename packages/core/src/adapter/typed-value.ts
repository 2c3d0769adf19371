import type { ColumnType } from "../schema/index.js";
import { jsonText } from "./json-text.js";

const ISO_LIKE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * A row value as the canonical text of a typed column's value (bound as a parameter and
 * cast by the database), or null. Values that cannot be the column's type become null rather than failing the write:
 * the delta log and the merged row keep the original value either way.
 * - string: strings as they are; numbers, booleans and bigints as text; objects as JSON.
 * - number: numbers (NaN and ±Infinity included), numeric strings, bigints.
 * - boolean: booleans, `"true"/"false"/"t"/"f"/"1"/"0"`, 1 and 0.
 * - json: any value as JSON.
 * - timestamp: ISO 8601 strings (microseconds kept), epoch milliseconds, Dates.
 */
export function typedParam(value: unknown, type: ColumnType): string | null {
  if (value === null || value === undefined) return null;
  switch (type) {
    case "string":
      if (typeof value === "string") return value;
      if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") {
        return String(value);
      }
      return jsonText(value);
    case "number":
      return numberParam(value);
    case "boolean":
      return booleanParam(value);
    case "json":
      return jsonText(value);
    case "timestamp":
      return timestampParam(value);
  }
}

function numberParam(value: unknown): string | null {
  if (typeof value === "number") return String(value);
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string" && value.trim() !== "") {
    const n = Number(value);
    return Number.isNaN(n) ? null : String(n);
  }
  return null;
}

function booleanParam(value: unknown): string | null {
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value === 1 || value === 0) return value === 1 ? "true" : "false";
  if (typeof value === "string") {
    const v = value.trim().toLowerCase();
    if (v === "true" || v === "t" || v === "1") return "true";
    if (v === "false" || v === "f" || v === "0") return "false";
  }
  return null;
}

function timestampParam(value: unknown): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value === "number") {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? null : date.toISOString();
  }
  if (typeof value !== "string") return null;
  const m = ISO_LIKE.exec(value.trim());
  if (!m) return null;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = m
    .slice(1, 7)
    .map((part) => Number(part ?? 0));
  // Date.UTC rolls an impossible day over (Feb 30 → Mar 2), where PostgreSQL would fail.
  const date = new Date(Date.UTC(year, month - 1, day));
  const validDate = year >= 1 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return validDate && hour <= 23 && minute <= 59 && second <= 59 ? value.trim() : null;
}
