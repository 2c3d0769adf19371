import type { Row, RowChange } from "../delta/index.js";
import {
  type CursorKey,
  type CursorPosition,
  type CursorValue,
  compareCursorKeys,
  compareRowIds,
  cursorKey,
} from "./cursor-compare.js";
import { readCursorValue, readRowId } from "./row-fields.js";

export interface CursorScanOptions {
  readonly table: string;
  readonly rowIdColumn: string;
  readonly cursorColumn: string;
  /** The stored cursor: rows at or before it are skipped. Null on the first poll. */
  readonly after: CursorPosition | null;
  /**
   * The rows come in `(cursor, rowId)` order past `after` already (a keyset read): positions
   * are then not parsed and compared, and each row's position is the greatest so far.
   */
  readonly ordered?: boolean;
}

/** A row past the cursor, as a change, with where it puts the cursor. */
export interface CursorChange {
  /**
   * Always an INSERT of every column of the row. The cursor strategy cannot tell a new row
   * from a modified one; an INSERT is LakeSync's "whole row" shape, and last-writer-wins
   * applies it as an upsert, so an existing row is simply overwritten column by column.
   */
  readonly change: RowChange;
  /** This row's position. */
  readonly position: CursorPosition;
  /** The greatest position seen so far in this scan (`after` included). */
  readonly maxPosition: CursorPosition;
}

/**
 * Turns the rows of one cursor poll into changes: every row whose `(cursor value, rowId)` is
 * strictly greater than `after` is yielded, in input order; rows at or before it are skipped.
 *
 * Rows sharing a cursor value are neither lost nor duplicated when the query reads from the
 * cursor value inclusively: `WHERE updated_at >= $1`, or, for pages (`LIMIT`), the keyset
 * form `WHERE updated_at > $1 OR (updated_at = $1 AND id > $2) ORDER BY updated_at, id`
 * (with `>=` and a LIMIT, more rows at one value than a page would stall). Pass the value as
 * text: drivers turn timestamps into Dates and lose microseconds (see `compareCursorValues`).
 *
 * Saving progress: when the query orders by `(cursor, rowId)`, pass each `position` as the
 * checkpoint of `ChunkedPusher.add`; when it does not, rows may come in any order, so save
 * only the final `maxPosition` (e.g. `pusher.finish(last.maxPosition)`) after all were accepted.
 * The generator also returns the final greatest position (or `after` when nothing was new).
 *
 * A row without `rowIdColumn` or `cursorColumn`, or with an unusable value there, makes the
 * iteration throw a LakeSyncError with code INVALID_CONFIG naming the table and the column.
 * @example
 * let max = stored;
 * for await (const { change, maxPosition } of cursorChanges(rows, {
 *   table: "events", rowIdColumn: "id", cursorColumn: "updated_at", after: stored,
 * })) {
 *   await pusher.add(makeDelta(change, clientId, hlc.now()));
 *   max = maxPosition;
 * }
 * await pusher.finish(max); // onCheckpoint saves it
 */
export async function* cursorChanges(
  rows: AsyncIterable<Row> | Iterable<Row>,
  options: CursorScanOptions,
): AsyncGenerator<CursorChange, CursorPosition | null, undefined> {
  const { table, rowIdColumn, cursorColumn, after } = options;
  const afterKey = after ? cursorKey(after.value) : null;
  let max = after;
  let maxKey = afterKey;

  const ordered = options.ordered === true && after === null;
  for await (const row of rows) {
    const rowId = readRowId(row, table, rowIdColumn);
    const value = readCursorValue(row, table, cursorColumn);
    if (ordered) {
      const position: CursorPosition = { value: positionValue(value), rowId };
      max = position;
      yield {
        change: { op: "INSERT", table, rowId, columns: columnsOf(row) },
        position,
        maxPosition: max,
      };
      continue;
    }
    const key = cursorKey(value);
    if (after && afterKey && comparePosition(key, rowId, afterKey, after.rowId) <= 0) continue;

    const position: CursorPosition = { value: positionValue(value), rowId };
    if (!max || !maxKey || comparePosition(key, rowId, maxKey, max.rowId) > 0) {
      max = position;
      maxKey = key;
    }
    yield {
      change: { op: "INSERT", table, rowId, columns: columnsOf(row) },
      position,
      maxPosition: max,
    };
  }
  return max;
}

function columnsOf(row: Row): { column: string; value: unknown }[] {
  const names = Object.keys(row);
  const columns = new Array<{ column: string; value: unknown }>(names.length);
  for (let i = 0; i < names.length; i++) {
    const column = names[i] as string;
    columns[i] = { column, value: row[column] ?? null };
  }
  return columns;
}

function comparePosition(key: CursorKey, rowId: string, other: CursorKey, otherRowId: string) {
  return compareCursorKeys(key, other) || compareRowIds(rowId, otherRowId);
}

// A JSON-safe form that compares the same way as the value read.
function positionValue(value: CursorValue): string | number {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : value.toString();
  }
  return value;
}
