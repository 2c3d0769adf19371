import type { Row } from "../delta/index.js";
import { LakeSyncError } from "../errors/index.js";
import type { CursorValue } from "./cursor-compare.js";

/**
 * A row's id, read from `column` as a string (numbers and bigints in decimal).
 * A row without the column, or with a null, object or boolean there, throws a
 * LakeSyncError with code INVALID_CONFIG that names the table and the column: the
 * table's query or its `rowIdColumn` is wrong, and every later poll would fail the same way.
 * @example readRowId({ id: 42, title: "a" }, "todos", "id") // "42"
 */
export function readRowId(row: Row, table: string, column: string): string {
  const value = row[column];
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "bigint") return value.toString();
  throw invalidColumn(row, table, column, "rowIdColumn", value, "a string or a number");
}

/**
 * A row's cursor value, read from `column`: a string, finite number, bigint or valid Date.
 * Anything else throws a LakeSyncError with code INVALID_CONFIG naming table and column.
 * @example readCursorValue({ id: 1, updated_at: "2024-01-02 10:00:00.5+00" }, "t", "updated_at")
 */
export function readCursorValue(row: Row, table: string, column: string): CursorValue {
  const value = row[column];
  if (typeof value === "string" || typeof value === "bigint") return value;
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value;
  throw invalidColumn(row, table, column, "cursorColumn", value, "a string, a number or a date");
}

function invalidColumn(
  row: Row,
  table: string,
  column: string,
  option: string,
  value: unknown,
  expected: string,
): LakeSyncError {
  if (!(column in row)) {
    const present = Object.keys(row).slice(0, 20).join(", ");
    return new LakeSyncError(
      "INVALID_CONFIG",
      `Table "${table}": a row has no column "${column}" (${option}); the query returned: ${present || "no columns"}`,
    );
  }
  const kind = value === null ? "null" : value instanceof Date ? "an invalid date" : typeof value;
  return new LakeSyncError(
    "INVALID_CONFIG",
    `Table "${table}": column "${column}" (${option}) must hold ${expected}, got ${kind}`,
  );
}
