export { computeDeltaId } from "./delta-id.js";
export { extractChange, extractDelta } from "./extract-delta.js";
export { applyDelta, compareStamps, type RowState, rowValues, type WriteStamp } from "./lww.js";
export { makeDelta } from "./make-delta.js";
export { columnValue, namedAs, rowColumns } from "./row-columns.js";
export type { ColumnDelta, DeltaOp, Row, RowChange, RowDelta } from "./types.js";
export { valuesEqual } from "./values-equal.js";
export { toWellFormed, wellFormed } from "./well-formed.js";
