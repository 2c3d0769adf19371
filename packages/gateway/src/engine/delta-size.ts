import type { RowDelta } from "@lakesync/core";

/** Fixed cost of a buffered delta: the entry, its ids, its HLC and position. */
const ENTRY_OVERHEAD = 160;
/** Cost of one column entry besides its name and value. */
const COLUMN_OVERHEAD = 48;

/**
 * An estimate of the memory a buffered delta holds, in bytes: cheap enough for every push,
 * close enough for a byte budget (strings count two bytes a character, as JS holds them).
 */
export function estimateDeltaBytes(delta: RowDelta): number {
  let bytes =
    ENTRY_OVERHEAD +
    2 * (delta.deltaId.length + delta.table.length + delta.rowId.length + delta.clientId.length);
  for (const { column, value } of delta.columns) {
    bytes += COLUMN_OVERHEAD + 2 * column.length + valueBytes(value);
  }
  return bytes;
}

function valueBytes(value: unknown): number {
  switch (typeof value) {
    case "string":
      return 16 + 2 * value.length;
    case "number":
    case "boolean":
    case "bigint":
      return 8;
    case "object": {
      if (value === null) return 0;
      let bytes = 32;
      if (Array.isArray(value)) {
        for (const item of value) bytes += 8 + valueBytes(item);
      } else {
        for (const key in value) {
          bytes += 16 + 2 * key.length + valueBytes((value as Record<string, unknown>)[key]);
        }
      }
      return bytes;
    }
    default:
      return 0;
  }
}
