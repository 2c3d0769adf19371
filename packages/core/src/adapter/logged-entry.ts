import type { RowDelta } from "../delta/index.js";
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
