import { RowHashes } from "./row-hashes.js";
import { RowIdIndex } from "./row-id-index.js";

/**
 * The committed content of a diff snapshot: the slot of each row id and, at the same
 * index, that row's fingerprint. Internal to the diff engine.
 */
export interface SnapshotState {
  readonly table: string;
  readonly rowIdColumn: string;
  /** Column numbers of the fingerprints (the row id column is not among them). */
  columns: readonly string[];
  ids: RowIdIndex;
  hashes: RowHashes;
}

/** An empty state. */
export function emptyState(table: string, rowIdColumn: string): SnapshotState {
  return { table, rowIdColumn, columns: [], ids: new RowIdIndex(), hashes: new RowHashes() };
}
