import { Murmur128, stableStringify } from "../hash/index.js";
import {
  TAG_FALSE,
  TAG_JSON,
  TAG_NULL,
  TAG_NUMBER,
  TAG_STRING,
  TAG_TRUE,
} from "../hash/value-tags.js";
import type { HLCTimestamp } from "../hlc/index.js";
import type { ColumnDelta, DeltaOp } from "./types.js";

/** One hasher for every id: computeDeltaId runs to completion, never re-entered. */
const HASHER = new Murmur128();
const LOW_32 = 0xffffffffn;

/**
 * The deterministic id of a delta: the same change from the same client at the same
 * HLC always gets the same id, so a re-sent delta is recognised and ignored.
 *
 * It is the 128-bit MurmurHash3 of the delta's parts fed in order: clientId, hlc (two
 * words), table, rowId, op, then each column's name and tagged value. Strings go in with
 * their length first, numbers as their IEEE 754 bits, objects as canonical JSON (keys
 * sorted), so no two different deltas feed the same units and nothing is turned into text
 * first: this runs once per delta on every ingest path.
 */
export function computeDeltaId(parts: {
  readonly clientId: string;
  readonly hlc: HLCTimestamp;
  readonly table: string;
  readonly rowId: string;
  readonly op: DeltaOp;
  readonly columns: readonly ColumnDelta[];
}): string {
  const h = HASHER.reset();
  h.text(parts.clientId);
  h.word(Number(parts.hlc & LOW_32)).word(Number(parts.hlc >> 32n));
  h.text(parts.table).text(parts.rowId).text(parts.op);
  const { columns } = parts;
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i] as ColumnDelta;
    h.text(c.column);
    feedValue(h, c.value);
  }
  return h.hex();
}

function feedValue(h: Murmur128, value: unknown): void {
  switch (typeof value) {
    case "string":
      h.unit(TAG_STRING).text(value);
      return;
    case "number":
      h.unit(TAG_NUMBER).float(value);
      return;
    case "boolean":
      h.unit(value ? TAG_TRUE : TAG_FALSE);
      return;
  }
  if (value === null || value === undefined) h.unit(TAG_NULL);
  else h.unit(TAG_JSON).text(stableStringify(value));
}
