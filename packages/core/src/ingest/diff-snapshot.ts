import type { ValidationError } from "../errors/index.js";
import type { Result } from "../result/index.js";
import { Ok } from "../result/index.js";
import { DiffCycle } from "./diff-cycle.js";
import { decodeSnapshot, encodeSnapshot } from "./snapshot-codec.js";
import { emptyState, type SnapshotState } from "./snapshot-state.js";

export interface DiffSnapshotOptions {
  /** The table the rows belong to (named in every change). */
  readonly table: string;
  /** The column holding each row's id. */
  readonly rowIdColumn: string;
}

/**
 * What the diff strategy remembers of a table between polls: per row id, a fingerprint
 * (a 64-bit row hash and a 32-bit hash per column), never the rows themselves. Held in
 * typed arrays, about 50 bytes per row for a table of 5 columns with short ids.
 *
 * Each poll runs one cycle: `begin()`, `observe()` every row, emit `deletions()`, and
 * `commit()` once the changes were accepted. An abandoned cycle leaves the snapshot as it
 * was, so its changes are emitted again next time.
 * @example
 * const snapshot = new DiffSnapshot({ table: "feature_flags", rowIdColumn: "id" });
 * const cycle = snapshot.begin();
 * const send = (change: RowChange) => pusher.add(makeDelta(change, clientId, hlc.now()));
 * for await (const row of rows) {
 *   const change = cycle.observe(row);
 *   if (change && !(await send(change)).ok) return pusher.discard(); // retried next poll
 * }
 * for (const change of cycle.deletions()) {
 *   if (!(await send(change)).ok) return pusher.discard();
 * }
 * if ((await pusher.finish()).ok) {
 *   cycle.commit();
 *   await store.saveSnapshot("feature_flags", snapshot.toBytes());
 * }
 */
export class DiffSnapshot {
  #state: SnapshotState;
  #version = 0;

  constructor(options: DiffSnapshotOptions) {
    if (typeof options.table !== "string" || options.table.length === 0) {
      throw new TypeError("table must be a non-empty string");
    }
    if (typeof options.rowIdColumn !== "string" || options.rowIdColumn.length === 0) {
      throw new TypeError("rowIdColumn must be a non-empty string");
    }
    this.#state = emptyState(options.table, options.rowIdColumn);
  }

  /**
   * Restores a snapshot saved with `toBytes()`. Bytes that are not one (truncated,
   * another format) give an Err(ValidationError); start from an empty snapshot then.
   */
  static fromBytes(bytes: Uint8Array): Result<DiffSnapshot, ValidationError> {
    const decoded = decodeSnapshot(bytes);
    if (!decoded.ok) return decoded;
    const snapshot = new DiffSnapshot(decoded.value);
    snapshot.#state = decoded.value;
    return Ok(snapshot);
  }

  get table(): string {
    return this.#state.table;
  }

  get rowIdColumn(): string {
    return this.#state.rowIdColumn;
  }

  /** Rows held. */
  get size(): number {
    return this.#state.ids.size;
  }

  /** Columns seen so far, in order of first appearance (without the row id column). */
  get columns(): readonly string[] {
    return this.#state.columns;
  }

  /** Bytes of the typed arrays holding the snapshot (allocated, not just used). */
  get byteLength(): number {
    return this.#state.ids.byteLength + this.#state.hashes.byteLength;
  }

  /**
   * Starts a cycle over the table's current rows. Several cycles may be open; only one
   * can commit, and committing makes the others stale.
   */
  begin(): DiffCycle {
    const version = this.#version;
    return new DiffCycle(
      this.#state,
      () => this.#version === version,
      (state) => {
        this.#state = state;
        this.#version += 1;
      },
    );
  }

  /** The snapshot as compact bytes, for the server to persist (see `fromBytes`). */
  toBytes(): Uint8Array {
    return encodeSnapshot(this.#state);
  }
}
