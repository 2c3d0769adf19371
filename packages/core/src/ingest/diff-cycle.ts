import {
  type ColumnDelta,
  columnValue,
  type Row,
  type RowChange,
  rowColumns,
} from "../delta/index.js";
import { readRowId } from "./row-fields.js";
import { RowFingerprinter } from "./row-fingerprint.js";
import { RowHashes } from "./row-hashes.js";
import { RowIdIndex, RowIdKey } from "./row-id-index.js";
import type { SnapshotState } from "./snapshot-state.js";

/** What one diff cycle found so far. */
export interface DiffCycleStats {
  readonly inserts: number;
  readonly updates: number;
  readonly unchanged: number;
  /** Rows whose id had already been seen in this cycle. */
  readonly duplicates: number;
}

// Per committed slot: not seen yet, seen and unchanged, or (k + 2) changed, staged as update k.
const UNSEEN = 0;
const SEEN = 1;

/**
 * One pass of the diff strategy over a table's full result. Created by
 * `DiffSnapshot.begin()`; changes nothing in the snapshot until `commit()`, so a cycle whose
 * changes were not accepted is dropped and the next cycle emits them again.
 *
 * A row id seen again in one cycle: the first row with it is kept, the later ones are only
 * counted (`stats.duplicates`). So a query that repeats ids in a stable order changes nothing
 * from one poll to the next; had the later row won, its rows would flip at every poll.
 */
export class DiffCycle {
  readonly #state: SnapshotState;
  readonly #isCurrent: () => boolean;
  readonly #onCommit: (state: SnapshotState) => void;
  readonly #fp: RowFingerprinter;
  readonly #key = new RowIdKey();
  #marks: Uint32Array;
  // Rows not in the snapshot: ids and fingerprints at the same index.
  #newIds = new RowIdIndex();
  #newHashes: RowHashes;
  // Changed rows of the snapshot: slot and new fingerprint at the same index.
  #updateSlots = new Uint32Array(64);
  #updateHashes: RowHashes;
  #updateCount = 0;
  #done = false;
  #inserts = 0;
  #updates = 0;
  #unchanged = 0;
  #duplicates = 0;

  /** @internal Use `DiffSnapshot.begin()`. */
  constructor(
    state: SnapshotState,
    isCurrent: () => boolean,
    onCommit: (state: SnapshotState) => void,
  ) {
    this.#state = state;
    this.#isCurrent = isCurrent;
    this.#onCommit = onCommit;
    this.#fp = new RowFingerprinter(state.columns, state.rowIdColumn);
    this.#marks = new Uint32Array(state.ids.slotCount);
    this.#newHashes = new RowHashes(state.columns.length);
    this.#updateHashes = new RowHashes(state.columns.length, 64);
  }

  get stats(): DiffCycleStats {
    return {
      inserts: this.#inserts,
      updates: this.#updates,
      unchanged: this.#unchanged,
      duplicates: this.#duplicates,
    };
  }

  /**
   * Compares one row with the snapshot: an INSERT of every column for a new row id, an
   * UPDATE of the changed columns, or null when nothing changed. A row without the row id
   * column throws a LakeSyncError with code INVALID_CONFIG.
   */
  observe(row: Row): RowChange | null {
    this.#open();
    const { table, rowIdColumn, ids, hashes } = this.#state;
    const rowId = readRowId(row, table, rowIdColumn);
    const key = this.#key.set(rowId);
    const fp = this.#fp;

    const slot = ids.find(key);
    if (slot >= 0) {
      if ((this.#marks[slot] ?? UNSEEN) !== UNSEEN) {
        this.#duplicates += 1;
        return null;
      }
      fp.fingerprint(row);
      const change = this.#diff(hashes, slot, row, rowId);
      if (!change) {
        this.#marks[slot] = SEEN;
        this.#unchanged += 1;
        return null;
      }
      const k = this.#updateCount++;
      if (k >= this.#updateSlots.length) {
        const slots = new Uint32Array(this.#updateSlots.length * 2);
        slots.set(this.#updateSlots);
        this.#updateSlots = slots;
      }
      this.#updateSlots[k] = slot;
      this.#updateHashes.write(k, fp.lo, fp.hi, fp.cols, fp.count);
      this.#marks[slot] = k + 2;
      this.#updates += 1;
      return change;
    }

    if (this.#newIds.find(key) >= 0) {
      this.#duplicates += 1;
      return null;
    }
    fp.fingerprint(row);
    const entry = this.#newIds.insert(key);
    this.#newHashes.write(entry, fp.lo, fp.hi, fp.cols, fp.count);
    this.#inserts += 1;
    const columns = rowColumns(row);
    return { op: "INSERT", table, rowId, columns };
  }

  /** DELETEs of the snapshot's rows not observed in this cycle (call after every row). */
  *deletions(): Generator<RowChange, void, undefined> {
    this.#open();
    const { table, ids } = this.#state;
    for (let slot = 0; slot < this.#marks.length; slot++) {
      if (this.#marks[slot] === UNSEEN && ids.isLive(slot)) {
        yield { op: "DELETE", table, rowId: ids.rowIdAt(slot), columns: [] };
      }
    }
  }

  /**
   * Makes this cycle's result the snapshot: call it once every change was accepted.
   * Throws if the cycle was committed already, or another cycle committed since it began
   * (as do `observe` and `deletions` then).
   */
  commit(): void {
    this.#apply(true);
  }

  /**
   * Makes the rows observed so far part of the snapshot (their inserts and updates) and keeps
   * the rows not reached: for a read that failed midway once its changes were accepted, so
   * the next cycle does not emit them again. Deletions wait for a cycle that reads every row.
   */
  commitSeen(): void {
    this.#apply(false);
  }

  #apply(removeUnseen: boolean): void {
    this.#open();
    const state = this.#state;
    const columns = [...this.#fp.columns];
    if (state.ids.size === 0) {
      this.#onCommit({ ...state, columns, ids: this.#newIds, hashes: this.#newHashes });
    } else {
      const { ids, hashes } = state;
      if (removeUnseen) {
        for (let slot = 0; slot < this.#marks.length; slot++) {
          if (this.#marks[slot] === UNSEEN) ids.remove(slot);
        }
      }
      for (let k = 0; k < this.#updateCount; k++) {
        hashes.copyFrom(this.#updateHashes, k, this.#updateSlots[k] ?? 0);
      }
      const key = new RowIdKey();
      for (let entry = 0; entry < this.#newIds.slotCount; entry++) {
        const slot = ids.insert(key.set(this.#newIds.rowIdAt(entry)));
        hashes.copyFrom(this.#newHashes, entry, slot);
      }
      this.#onCommit({ ...state, columns });
    }
    this.#done = true;
    this.#marks = new Uint32Array(0);
    this.#newIds = new RowIdIndex();
  }

  #open(): void {
    if (this.#done) throw new Error("This diff cycle was committed already; begin a new one");
    if (!this.#isCurrent()) {
      throw new Error("This diff cycle is stale: another cycle was committed after it began");
    }
  }

  #diff(store: RowHashes, entry: number, row: Row, rowId: string): RowChange | null {
    const fp = this.#fp;
    let columns: ColumnDelta[] | null = null;
    for (let j = 0; j < fp.count; j++) {
      if (store.col(entry, j) !== fp.cols[j]) {
        const column = fp.columns[j] ?? "";
        if (!columns) columns = [];
        columns.push({ column, value: columnValue(row[column]) });
      }
    }
    if (!columns) {
      if (store.rowLo(entry) === fp.lo && store.rowHi(entry) === fp.hi) return null;
      // The row hash moved but no 32-bit column hash did (a collision): send the whole row.
      columns = rowColumns(row);
    }
    return { op: "UPDATE", table: this.#state.table, rowId, columns };
  }
}
