import type { RowDelta } from "@lakesync/core";

/** Fixed cost of a buffered delta: the entry, its ids, its HLC and position. */
const ENTRY_OVERHEAD = 160;

/**
 * An estimate of the memory a buffered delta holds, in bytes: cheap enough for every push,
 * close enough for a byte budget (strings count two bytes a character, as JS holds them).
 */
export function estimateDeltaBytes(delta: RowDelta): number {
  let bytes =
    ENTRY_OVERHEAD +
    2 * (delta.deltaId.length + delta.table.length + delta.rowId.length + delta.clientId.length);
  for (const { column, value } of delta.columns)
    bytes += 48 + 2 * column.length + valueBytes(value);
  return bytes;
}

function valueBytes(value: unknown): number {
  switch (typeof value) {
    case "string":
      return 2 * value.length;
    case "number":
    case "boolean":
    case "bigint":
      return 8;
    case "object":
      return value === null
        ? 0
        : 2 * JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? String(v) : v)).length;
    default:
      return 0;
  }
}
