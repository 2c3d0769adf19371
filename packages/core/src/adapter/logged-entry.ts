import type { DeltaOp, RowDelta } from "../delta/index.js";
import type { LoggedDelta } from "./database-adapter.js";
import { jsonText } from "./json-text.js";

/** A logged delta with its columns as they are stored (JSON text) and as merged. */
export interface EncodedEntry {
  readonly entry: LoggedDelta;
  readonly columnsText: string;
  /** The delta with its column values as stored (bigint → string, Date → ISO string). */
  readonly stored: RowDelta;
}

/** Encodes a logged delta once, for the log row and for the merge. */
export function encodeEntry(entry: LoggedDelta): EncodedEntry {
  const columns = entry.delta.columns.map((c) => ({ column: c.column, value: c.value ?? null }));
  const columnsText = jsonText(columns);
  const stored = { ...entry.delta, columns: JSON.parse(columnsText) as RowDelta["columns"] };
  return { entry, columnsText, stored };
}

/** The entries with each deltaId once (the first one kept), in their order. */
export function uniqueById(entries: readonly LoggedDelta[]): LoggedDelta[] {
  const seen = new Set<string>();
  return entries.filter((e) => {
    if (seen.has(e.delta.deltaId)) return false;
    seen.add(e.delta.deltaId);
    return true;
  });
}

/** Orders entries by server position, oldest first. */
export function byPosition(a: EncodedEntry, b: EncodedEntry): number {
  const x = a.entry.position;
  const y = b.entry.position;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A row of a delta log as SQL stores read it: positions and HLCs as decimal text, columns as JSON text. */
export interface LogRow {
  readonly position: string;
  readonly delta_id: string;
  readonly op: string;
  readonly table_name: string;
  readonly row_id: string;
  readonly client_id: string;
  readonly hlc: string;
  readonly columns: string;
}

/**
 * The values of an entry's delta-log row, in the order gateway_id, position, delta_id, op,
 * table_name, row_id, client_id, hlc, columns (positions and HLCs as decimal text).
 */
export function logRowValues(gatewayId: string, { entry, columnsText }: EncodedEntry): string[] {
  const d = entry.delta;
  return [
    gatewayId,
    entry.position.toString(),
    d.deltaId,
    d.op,
    d.table,
    d.rowId,
    d.clientId,
    d.hlc.toString(),
    columnsText,
  ];
}

/** A logged delta back from its delta-log row. */
export function decodeLogRow(row: LogRow): LoggedDelta {
  return {
    position: BigInt(row.position),
    delta: {
      deltaId: row.delta_id,
      op: row.op as DeltaOp,
      table: row.table_name,
      rowId: row.row_id,
      clientId: row.client_id,
      hlc: BigInt(row.hlc),
      columns: JSON.parse(row.columns) as RowDelta["columns"],
    },
  };
}
