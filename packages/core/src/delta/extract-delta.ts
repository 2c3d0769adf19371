import type { HLCTimestamp } from "../hlc/index.js";
import { makeDelta } from "./make-delta.js";
import { rowColumns } from "./row-columns.js";
import type { ColumnDelta, Row, RowChange, RowDelta } from "./types.js";
import { valuesEqual } from "./values-equal.js";

/**
 * The column-level change between two states of a row, or null when nothing changed.
 * `before` null → INSERT of every column; `after` null → DELETE; otherwise an UPDATE of
 * the columns whose values differ (a column missing from `after` becomes null).
 */
export function extractChange(
  before: Row | null | undefined,
  after: Row | null | undefined,
  target: { readonly table: string; readonly rowId: string },
): RowChange | null {
  const { table, rowId } = target;
  if (!before && !after) return null;
  if (!before) {
    return { op: "INSERT", table, rowId, columns: rowColumns(after as Row) };
  }
  if (!after) return { op: "DELETE", table, rowId, columns: [] };

  const columns: ColumnDelta[] = [];
  for (const column of Object.keys(after)) {
    if (!valuesEqual(before[column], after[column])) {
      columns.push({ column, value: after[column] });
    }
  }
  for (const column of Object.keys(before)) {
    if (!(column in after) && before[column] !== null && before[column] !== undefined) {
      columns.push({ column, value: null });
    }
  }
  return columns.length === 0 ? null : { op: "UPDATE", table, rowId, columns };
}

/**
 * `extractChange` stamped as a delta from `clientId` at `hlc`.
 * @example
 * extractDelta({ title: "a" }, { title: "b" }, { table: "todos", rowId: "1", clientId: "app", hlc })
 * // → UPDATE with columns [{ column: "title", value: "b" }]
 */
export function extractDelta(
  before: Row | null | undefined,
  after: Row | null | undefined,
  target: {
    readonly table: string;
    readonly rowId: string;
    readonly clientId: string;
    readonly hlc: HLCTimestamp;
  },
): RowDelta | null {
  const change = extractChange(before, after, target);
  return change ? makeDelta(change, target.clientId, target.hlc) : null;
}
