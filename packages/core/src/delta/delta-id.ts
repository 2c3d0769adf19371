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
import { namedAs } from "./row-columns.js";
import type { ColumnDelta, DeltaOp } from "./types.js";

/** One hasher for every id: computeDeltaId runs to completion, never re-entered. */
const HASHER = new Murmur128();
const LOW_32 = 0xffffffffn;

/**
 * The hashed shape of the last delta: its clientId, table, op and column names. A poller's
 * deltas share one shape row after row, so it is fed once and copied into each id's hasher.
 */
const SHAPE = new Murmur128();
let shapeClientId = "";
let shapeTable = "";
let shapeOp = "";
/** Null until a shape was fed. */
let shapeNames: string[] | null = null;

/**
 * The deterministic id of a delta: the same change from the same client at the same
 * HLC always gets the same id, so a re-sent delta is recognised and ignored.
 *
 * It is the 128-bit MurmurHash3 of the delta's parts fed in order: its shape (clientId,
 * table, op, the column count and each column's name), then hlc (two words), rowId and each
 * column's tagged value. Strings go in with their length first, numbers as their IEEE 754
 * bits, objects as canonical JSON (keys sorted), so no two different deltas feed the same
 * units and nothing is turned into text first: this runs once per delta on every ingest
 * path, and the shape, which a poller's deltas share, is hashed once for all of them.
 */
export function computeDeltaId(parts: {
  readonly clientId: string;
  readonly hlc: HLCTimestamp;
  readonly table: string;
  readonly rowId: string;
  readonly op: DeltaOp;
  readonly columns: readonly ColumnDelta[];
}): string {
  const { columns } = parts;
  if (!sameShape(parts.clientId, parts.table, parts.op, columns)) {
    feedShape(parts.clientId, parts.table, parts.op, columns);
  }
  const h = HASHER.copyFrom(SHAPE);
  h.word(Number(parts.hlc & LOW_32)).word(Number(parts.hlc >> 32n));
  h.text(parts.rowId);
  for (let i = 0; i < columns.length; i++) feedValue(h, (columns[i] as ColumnDelta).value);
  return h.hex();
}

function sameShape(
  clientId: string,
  table: string,
  op: string,
  columns: readonly ColumnDelta[],
): boolean {
  return (
    shapeNames !== null &&
    clientId === shapeClientId &&
    table === shapeTable &&
    op === shapeOp &&
    namedAs(columns, shapeNames)
  );
}

function feedShape(
  clientId: string,
  table: string,
  op: string,
  columns: readonly ColumnDelta[],
): void {
  const names = new Array<string>(columns.length);
  const h = SHAPE.reset().text(clientId).text(table).text(op).word(columns.length);
  for (let i = 0; i < columns.length; i++) {
    const name = (columns[i] as ColumnDelta).column;
    names[i] = name;
    h.text(name);
  }
  h.compact();
  shapeClientId = clientId;
  shapeTable = table;
  shapeOp = op;
  shapeNames = names;
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
