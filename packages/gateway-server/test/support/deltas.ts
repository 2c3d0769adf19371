import { encodeHlc, makeDelta, type RowDelta } from "@lakesync/core";
import { deltaToJson, type RowDeltaJson } from "@lakesync/gateway";

let counter = 0;

/** An INSERT of `row` into `table` by `clientId`, stamped now, as the wire carries it. */
export function insertJson(
  clientId: string,
  table: string,
  rowId: string,
  row: Record<string, unknown>,
): RowDeltaJson {
  return deltaToJson(insert(clientId, table, rowId, row));
}

export function insert(
  clientId: string,
  table: string,
  rowId: string,
  row: Record<string, unknown>,
): RowDelta {
  counter = (counter + 1) % 0xffff;
  const columns = Object.entries(row).map(([column, value]) => ({ column, value }));
  return makeDelta(
    { op: "INSERT", table, rowId, columns },
    clientId,
    encodeHlc(Date.now(), counter),
  );
}
