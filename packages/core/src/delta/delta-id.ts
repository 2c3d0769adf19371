import { Murmur128, murmurOf, writeStable } from "../hash/index.js";
import type { HLCTimestamp } from "../hlc/index.js";
import type { ColumnDelta, DeltaOp } from "./types.js";

/**
 * The deterministic id of a delta: the same change from the same client at the same
 * HLC always gets the same id, so a re-sent delta is recognised and ignored.
 *
 * It is the hash of the canonical JSON of
 * `[clientId, hlc, table, rowId, op, [[column, value], ...]]`, streamed into the hasher so no
 * intermediate string is built (this runs once per delta on every ingest path).
 */
export function computeDeltaId(parts: {
  readonly clientId: string;
  readonly hlc: HLCTimestamp;
  readonly table: string;
  readonly rowId: string;
  readonly op: DeltaOp;
  readonly columns: readonly ColumnDelta[];
}): string {
  const flat = flatText(parts);
  if (flat !== null) return murmurOf(flat).hex();
  const h = new Murmur128();
  h.update("[");
  h.update(JSON.stringify(parts.clientId));
  h.update(`,"${parts.hlc.toString()}",`);
  h.update(JSON.stringify(parts.table));
  h.update(",");
  h.update(JSON.stringify(parts.rowId));
  h.update(`,"${parts.op}",[`);
  const { columns } = parts;
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i] as ColumnDelta;
    h.update(i === 0 ? "[" : ",[");
    h.update(JSON.stringify(c.column));
    h.update(",");
    writeStable(c.value, h);
    h.update("]");
  }
  h.update("]]");
  return h.hex();
}

/**
 * The same canonical JSON built by the native `JSON.stringify` in one call, when every column
 * value is a string, a boolean, null or a finite number (the common case: rows read from a
 * database), whose JSON is already canonical; null otherwise (objects need sorted keys, and
 * bigints, Dates and non-finite numbers their own forms).
 */
function flatText(parts: {
  readonly clientId: string;
  readonly hlc: HLCTimestamp;
  readonly table: string;
  readonly rowId: string;
  readonly op: DeltaOp;
  readonly columns: readonly ColumnDelta[];
}): string | null {
  const { columns } = parts;
  const pairs: unknown[] = new Array(columns.length);
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i] as ColumnDelta;
    const v = c.value;
    if (
      v !== null &&
      typeof v !== "string" &&
      typeof v !== "boolean" &&
      !(typeof v === "number" && Number.isFinite(v))
    ) {
      return null;
    }
    pairs[i] = [c.column, v];
  }
  return JSON.stringify([
    parts.clientId,
    parts.hlc.toString(),
    parts.table,
    parts.rowId,
    parts.op,
    pairs,
  ]);
}
