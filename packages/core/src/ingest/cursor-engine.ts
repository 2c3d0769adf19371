import { type Row, type RowChange, rowColumns } from "../delta/index.js";
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
  const scan = new CursorScan(options);
  for await (const row of rows) {
    const change = scan.take(row);
    if (change) yield change;
  }
  return scan.maxPosition;
}

/**
 * The engine of `cursorChanges`, one row at a time and synchronous: for a poller that reads
 * rows in batches and would rather not pass each one through an async generator.
 * @example
 * const scan = new CursorScan({ table: "events", rowIdColumn: "id", cursorColumn: "updated_at", after });
 * for (const row of batch) {
 *   const next = scan.take(row);
 *   if (next) await pusher.add(makeDelta(next.change, clientId, hlc.now()), next.position);
 * }
 */
export class CursorScan {
  readonly #table: string;
  readonly #rowIdColumn: string;
  readonly #cursorColumn: string;
  readonly #after: CursorPosition | null;
  readonly #afterKey: CursorKey | null;
  readonly #ordered: boolean;
  #max: CursorPosition | null;
  #maxKey: CursorKey | null;

  constructor(options: CursorScanOptions) {
    this.#table = options.table;
    this.#rowIdColumn = options.rowIdColumn;
    this.#cursorColumn = options.cursorColumn;
    this.#after = options.after;
    this.#afterKey = options.after ? cursorKey(options.after.value) : null;
    this.#ordered = options.ordered === true && options.after === null;
    this.#max = options.after;
    this.#maxKey = this.#afterKey;
  }

  /** The greatest position seen so far (`after` when no row was new). */
  get maxPosition(): CursorPosition | null {
    return this.#max;
  }

  /** The row as a change, or null when it lies at or before `after`; throws on a bad row. */
  take(row: Row): CursorChange | null {
    const table = this.#table;
    const rowId = readRowId(row, table, this.#rowIdColumn);
    const value = readCursorValue(row, table, this.#cursorColumn);
    if (this.#ordered) {
      const position: CursorPosition = { value: positionValue(value), rowId };
      this.#max = position;
      return {
        change: { op: "INSERT", table, rowId, columns: rowColumns(row) },
        position,
        maxPosition: position,
      };
    }
    const key = cursorKey(value);
    const after = this.#after;
    if (after && this.#afterKey && comparePosition(key, rowId, this.#afterKey, after.rowId) <= 0) {
      return null;
    }
    const position: CursorPosition = { value: positionValue(value), rowId };
    const max = this.#max;
    if (!max || !this.#maxKey || comparePosition(key, rowId, this.#maxKey, max.rowId) > 0) {
      this.#max = position;
      this.#maxKey = key;
    }
    return {
      change: { op: "INSERT", table, rowId, columns: rowColumns(row) },
      position,
      maxPosition: this.#max as CursorPosition,
    };
  }
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
