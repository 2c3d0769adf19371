import { applyDelta, type RowState } from "../delta/index.js";
import type { EncodedEntry } from "./logged-entry.js";

/** The key of a row across tables in the maps below. */
export const rowKey = (table: string, rowId: string): string => `${table}\u0000${rowId}`;

/** The distinct rows that entries touch. */
export function touchedRows(entries: readonly EncodedEntry[]): { table: string; rowId: string }[] {
  const keys = new Map<string, { table: string; rowId: string }>();
  for (const { stored } of entries) {
    keys.set(rowKey(stored.table, stored.rowId), { table: stored.table, rowId: stored.rowId });
  }
  return [...keys.values()];
}

/**
 * Merges newly logged entries (in position order) into the current states of their rows
 * (keyed by {@link rowKey}) with column-level last-writer-wins, and answers the rows changed.
 * Every adapter stores the result in its own way.
 */
export function mergeEntries(
  states: Map<string, RowState>,
  fresh: readonly EncodedEntry[],
): RowState[] {
  const changed = new Map<string, RowState>();
  for (const { stored } of fresh) {
    const key = rowKey(stored.table, stored.rowId);
    const next = applyDelta(states.get(key), stored);
    states.set(key, next);
    changed.set(key, next);
  }
  return [...changed.values()];
}
