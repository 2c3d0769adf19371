import type { HLCTimestamp } from "../hlc/index.js";
import { computeDeltaId } from "./delta-id.js";
import type { RowChange, RowDelta } from "./types.js";

/**
 * Stamps a change with its origin and HLC, giving it its deterministic id.
 * @example makeDelta({ op: "INSERT", table: "todos", rowId: "1", columns }, "app-1", clock.now())
 */
export function makeDelta(change: RowChange, clientId: string, hlc: HLCTimestamp): RowDelta {
  const { op, table, rowId, columns } = change;
  const deltaId = computeDeltaId({ clientId, hlc, table, rowId, op, columns });
  return { deltaId, op, table, rowId, clientId, hlc, columns };
}
