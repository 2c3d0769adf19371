import { hash128, stableStringify } from "../hash/index.js";
import type { HLCTimestamp } from "../hlc/index.js";
import type { ColumnDelta, DeltaOp } from "./types.js";

/**
 * The deterministic id of a delta: the same change from the same client at the same
 * HLC always gets the same id, so a re-sent delta is recognised and ignored.
 */
export function computeDeltaId(parts: {
  readonly clientId: string;
  readonly hlc: HLCTimestamp;
  readonly table: string;
  readonly rowId: string;
  readonly op: DeltaOp;
  readonly columns: readonly ColumnDelta[];
}): string {
  const columns = parts.columns.map((c) => [c.column, c.value]);
  return hash128(
    stableStringify([
      parts.clientId,
      parts.hlc.toString(),
      parts.table,
      parts.rowId,
      parts.op,
      columns,
    ]),
  );
}
