import type { RowState, WriteStamp } from "../delta/index.js";
import { jsonText } from "./json-text.js";

/**
 * How a merged row state is stored in a row-state column (JSON text):
 * `{ "columns": { "<name>": { "value", "hlc": "<decimal>", "clientId" } }, "deleted": null | { "hlc", "clientId" } }`.
 * HLCs are decimal strings; values are JSON (bigint as string, Date as ISO string).
 */
export interface StoredRowState {
  readonly columns: Record<
    string,
    { readonly value: unknown; readonly hlc: string; readonly clientId: string }
  >;
  readonly deleted: { readonly hlc: string; readonly clientId: string } | null;
}

/** The JSON text stored for a row state (table and row id live in their own columns). */
export function encodeRowState(state: RowState): string {
  return jsonText({ columns: state.columns, deleted: state.deleted });
}

/** A row state back from its stored JSON text. */
export function decodeRowState(table: string, rowId: string, text: string): RowState {
  const stored = JSON.parse(text) as StoredRowState;
  const columns: Record<string, { value: unknown } & WriteStamp> = {};
  for (const [name, cell] of Object.entries(stored.columns ?? {})) {
    columns[name] = { value: cell.value, hlc: BigInt(cell.hlc), clientId: cell.clientId };
  }
  const deleted = stored.deleted
    ? { hlc: BigInt(stored.deleted.hlc), clientId: stored.deleted.clientId }
    : null;
  return { table, rowId, columns, deleted };
}
