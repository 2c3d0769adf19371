import {
  applyDelta,
  type Row,
  type RowDelta,
  type RowState,
  rowValues,
  type SyncRules,
} from "@lakesync/core";

/**
 * What sync rules see of each row: the merged (last-writer-wins) values of just the
 * columns some filter names, kept across flushes. A DELETE or a sparse UPDATE is judged
 * on the row it touches, and a change that moves a row out of a bucket still reaches the
 * clients that could see the row before it.
 */
export class RowViews {
  #columns: ReadonlySet<string> = new Set();
  #rows = new Map<string, RowState>();

  /** Tracks the columns the rules filter on; with no filters nothing is kept. */
  setRules(rules: SyncRules | null): void {
    const columns = new Set<string>();
    for (const bucket of rules?.buckets ?? []) {
      for (const filter of bucket.filters ?? []) columns.add(filter.column);
    }
    this.#columns = columns;
    if (columns.size === 0) this.#rows.clear();
  }

  /**
   * Merges a delta; returns the row as the rules see it before and after. With no
   * filtered columns the row is just the delta's own columns.
   */
  apply(delta: RowDelta): { before: Row | null; after: Row } {
    if (this.#columns.size === 0) return { before: null, after: deltaColumns(delta) };
    const key = `${delta.table}\u0000${delta.rowId}`;
    const state = this.#rows.get(key);
    const tracked = delta.columns.filter((c) => this.#columns.has(c.column));
    const next = applyDelta(state, { ...delta, columns: tracked });
    this.#rows.set(key, next);
    return { before: rowValues(state), after: rowValues(next) ?? {} };
  }

  /** The current view of a row, for deltas read back from the store. */
  current(delta: RowDelta): Row {
    const known = rowValues(this.#rows.get(`${delta.table}\u0000${delta.rowId}`));
    return known ? { ...deltaColumns(delta), ...known } : deltaColumns(delta);
  }

  get size(): number {
    return this.#rows.size;
  }
}

function deltaColumns(delta: RowDelta): Row {
  const row: Record<string, unknown> = {};
  for (const { column, value } of delta.columns) row[column] = value;
  return row;
}
