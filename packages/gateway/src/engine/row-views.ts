import {
  compareStamps,
  type Row,
  type RowDelta,
  type SyncRules,
  type WriteStamp,
} from "@lakesync/core";

interface Cell extends WriteStamp {
  value: unknown;
}

interface ViewState {
  cells: Record<string, Cell>;
  deleted: WriteStamp | null;
}

/**
 * What sync rules see of each row: the merged (last-writer-wins, the same rules as core's
 * `applyDelta`) values of just the columns some filter names, kept across flushes. A DELETE
 * or a sparse UPDATE is judged on the row it touches, and a change that moves a row out of a
 * bucket still reaches the clients that could see the row before it. Merged in place: this
 * runs for every accepted delta.
 */
export class RowViews {
  #columns: ReadonlySet<string> = new Set();
  #rows = new Map<string, ViewState>();

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
   * filtered columns nothing is kept and `after` is null: the row is the delta's own
   * columns, built only if some rule ever reads it.
   */
  apply(delta: RowDelta): { before: Row | null; after: Row | null } {
    if (this.#columns.size === 0) return NO_VIEW;
    const key = `${delta.table}\u0000${delta.rowId}`;
    let state = this.#rows.get(key);
    const before = state ? visible(state) : null;
    if (!state) {
      state = { cells: {}, deleted: null };
      this.#rows.set(key, state);
    }
    const stamp: WriteStamp = { hlc: delta.hlc, clientId: delta.clientId };
    if (delta.op === "DELETE") {
      if (!state.deleted || compareStamps(state.deleted, stamp) < 0) {
        for (const [name, cell] of Object.entries(state.cells)) {
          if (compareStamps(cell, stamp) <= 0) delete state.cells[name];
        }
        state.deleted = stamp;
      }
    } else if (!state.deleted || compareStamps(state.deleted, stamp) < 0) {
      for (const { column, value } of delta.columns) {
        if (!this.#columns.has(column)) continue;
        const cell = state.cells[column];
        if (!cell || compareStamps(cell, stamp) < 0) {
          state.cells[column] = { value, hlc: stamp.hlc, clientId: stamp.clientId };
        }
      }
    }
    return { before, after: visible(state) ?? {} };
  }

  /** The current view of a row, for deltas read back from the store. */
  current(delta: RowDelta): Row {
    const state = this.#rows.get(`${delta.table}\u0000${delta.rowId}`);
    const known = state ? visible(state) : null;
    return known ? { ...deltaRow(delta), ...known } : deltaRow(delta);
  }

  get size(): number {
    return this.#rows.size;
  }
}

const NO_VIEW = Object.freeze({ before: null, after: null });

function visible(state: ViewState): Row | null {
  let row: Record<string, unknown> | null = null;
  for (const name in state.cells) {
    row ??= {};
    row[name] = (state.cells[name] as Cell).value;
  }
  return row ?? (state.deleted ? null : {});
}

/** A delta's own columns as a row. */
export function deltaRow(delta: RowDelta): Row {
  const row: Record<string, unknown> = {};
  for (const { column, value } of delta.columns) row[column] = value;
  return row;
}
