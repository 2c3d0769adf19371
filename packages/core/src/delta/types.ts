import type { HLCTimestamp } from "../hlc/index.js";

export type DeltaOp = "INSERT" | "UPDATE" | "DELETE";

/** A column's new value within a delta. */
export interface ColumnDelta {
  readonly column: string;
  readonly value: unknown;
}

/** One change to one row: the unit everything in LakeSync moves. */
export interface RowDelta {
  /** Deterministic: a hash of clientId, hlc, table, rowId, op and columns. */
  readonly deltaId: string;
  readonly op: DeltaOp;
  readonly table: string;
  readonly rowId: string;
  readonly clientId: string;
  readonly hlc: HLCTimestamp;
  /** INSERT: every column; UPDATE: the changed ones; DELETE: none. */
  readonly columns: readonly ColumnDelta[];
}

/** A change without its origin: what change-detection engines produce. */
export interface RowChange {
  readonly op: DeltaOp;
  readonly table: string;
  readonly rowId: string;
  readonly columns: readonly ColumnDelta[];
}

/** A row as a plain record of column values. */
export type Row = Readonly<Record<string, unknown>>;
