import type { Row, RowDelta } from "../delta/types.js";
import type { Claims } from "./claims.js";
import { admits, compileBuckets } from "./evaluate.js";
import type { SyncRules } from "./types.js";

export interface FilterDeltasOptions {
  /**
   * A row's known values, by table and rowId: its merged state, or for a deleted row its
   * last known state. The delta's columns are laid over it before the filters run, so a
   * DELETE or a sparse UPDATE still reaches the clients that can see the row.
   */
  readonly rowState?: ((table: string, rowId: string) => Row | null | undefined) | undefined;
}

/**
 * The deltas that reach a caller with these claims, in order (see `compileSyncRules` for
 * the semantics). Each delta is tested on its row: the `rowState` values with the delta's
 * columns over them, or without `rowState` the delta's columns alone, so a DELETE (no
 * columns) or an UPDATE lacking a filtered column then fails that column's `eq`/`in`/order
 * filters. Pass the last known state for a row whose merged state is gone.
 * @example
 * filterDeltas(pulled, rules, claims, { rowState: (table, id) => rowValues(store.get(table, id)) })
 */
export function filterDeltas(
  deltas: readonly RowDelta[],
  rules: SyncRules | null | undefined,
  claims: Claims,
  options: FilterDeltasOptions = {},
): RowDelta[] {
  if (rules === null || rules === undefined) return [...deltas];
  const byTable = compileBuckets(rules, claims);
  const { rowState } = options;
  return deltas.filter((delta) => {
    const buckets = byTable.get(delta.table);
    return buckets !== undefined && admits(buckets, deltaRow(delta, rowState));
  });
}

/**
 * The row a delta is judged on: the known state with the delta's columns laid over it.
 * @example deltaRow(update, () => ({ owner: "ada", stage: "open" })) // { owner, stage, ...update }
 */
export function deltaRow(delta: RowDelta, rowState?: FilterDeltasOptions["rowState"]): Row {
  // A null prototype keeps a column named "__proto__" a plain column.
  const row: Record<string, unknown> = Object.create(null);
  const known = rowState?.(delta.table, delta.rowId);
  if (known) Object.assign(row, known);
  for (const { column, value } of delta.columns) row[column] = value;
  return row;
}
