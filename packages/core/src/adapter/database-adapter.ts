import type { RowDelta } from "../delta/types.js";
import type { AdapterError } from "../errors/index.js";
import type { HLCTimestamp } from "../hlc/index.js";
import type { Result } from "../result/index.js";
import type { TableSchema } from "../schema/index.js";

/** A delta with the server position (server HLC at acceptance) readers page by. */
export interface LoggedDelta {
  readonly position: HLCTimestamp;
  readonly delta: RowDelta;
}

/**
 * A database that holds a LakeSync delta log: the gateway's store, or a named source that
 * clients pull with `?source=`. Implemented by the adapter packages.
 */
export interface DatabaseAdapter {
  /** Appends to the delta log and materialises row state; a deltaId already there is skipped. */
  insertDeltas(deltas: readonly LoggedDelta[]): Promise<Result<void, AdapterError>>;
  /**
   * Logged deltas with a position after `since`, oldest first, at most `limit`.
   * `warnings` explains an empty answer that is not simply "nothing new" (no log there).
   */
  queryDeltasSince(
    since: HLCTimestamp,
    limit: number,
  ): Promise<Result<{ deltas: LoggedDelta[]; warnings?: string[] }, AdapterError>>;
  /** Creates or widens the table that holds a table's materialised rows. */
  ensureSchema(schema: TableSchema): Promise<Result<void, AdapterError>>;
  close(): Promise<void>;
}
