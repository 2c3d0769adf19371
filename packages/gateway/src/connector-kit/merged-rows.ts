import { applyDelta, type RowDelta, type RowState, rowValues } from "@lakesync/core";

/**
 * The visible rows deltas of one table add up to, by row id, merged column by column with
 * last-writer-wins (as the store merges them); deleted rows are left out.
 */
export function mergedRows(deltas: readonly RowDelta[]): Map<string, Record<string, unknown>> {
  const states = new Map<string, RowState>();
  for (const delta of deltas) states.set(delta.rowId, applyDelta(states.get(delta.rowId), delta));
  const rows = new Map<string, Record<string, unknown>>();
  for (const [id, state] of states) {
    const row = rowValues(state);
    if (row) rows.set(id, { ...row });
  }
  return rows;
}
