import type { HLCTimestamp } from "../hlc/index.js";
import type { Row, RowDelta } from "./types.js";

/** Who wrote a value, and when: the key of last-writer-wins. */
export interface WriteStamp {
  readonly hlc: HLCTimestamp;
  readonly clientId: string;
}

/** A row's merged state: each column with the stamp of its winning write. */
export interface RowState {
  readonly table: string;
  readonly rowId: string;
  readonly columns: Readonly<Record<string, { readonly value: unknown } & WriteStamp>>;
  /** The latest DELETE; columns written before it are gone. */
  readonly deleted: WriteStamp | null;
}

/** Orders two writes: by HLC, then by clientId so every replica picks the same winner. */
export function compareStamps(a: WriteStamp, b: WriteStamp): number {
  if (a.hlc !== b.hlc) return a.hlc < b.hlc ? -1 : 1;
  return a.clientId < b.clientId ? -1 : a.clientId > b.clientId ? 1 : 0;
}

/**
 * Merges a delta into a row's state, column by column, last writer wins.
 * A DELETE drops every column written before it; a later write to any column revives
 * the row with just the values written after the DELETE. Order of arrival is irrelevant.
 */
export function applyDelta(state: RowState | undefined, delta: RowDelta): RowState {
  const stamp: WriteStamp = { hlc: delta.hlc, clientId: delta.clientId };
  const base: RowState = state ?? {
    table: delta.table,
    rowId: delta.rowId,
    columns: {},
    deleted: null,
  };

  if (delta.op === "DELETE") {
    if (base.deleted && compareStamps(base.deleted, stamp) >= 0) return base;
    const columns: Record<string, { value: unknown } & WriteStamp> = {};
    for (const [name, cell] of Object.entries(base.columns)) {
      if (compareStamps(cell, stamp) > 0) columns[name] = cell;
    }
    return { ...base, columns, deleted: stamp };
  }

  if (base.deleted && compareStamps(base.deleted, stamp) >= 0) return base;
  const columns: Record<string, { value: unknown } & WriteStamp> = { ...base.columns };
  for (const { column, value } of delta.columns) {
    const current = columns[column];
    if (!current || compareStamps(current, stamp) < 0) {
      columns[column] = { value, hlc: stamp.hlc, clientId: stamp.clientId };
    }
  }
  return { ...base, columns };
}

/** The visible values of a row, or null when it is deleted (and not revived since). */
export function rowValues(state: RowState | undefined): Row | null {
  if (!state) return null;
  if (state.deleted && Object.keys(state.columns).length === 0) return null;
  const row: Record<string, unknown> = {};
  for (const [name, cell] of Object.entries(state.columns)) row[name] = cell.value;
  return row;
}
