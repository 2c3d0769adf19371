export {
  applyDelta,
  type ColumnDelta,
  compareStamps,
  computeDeltaId,
  type DeltaOp,
  extractChange,
  extractDelta,
  makeDelta,
  type Row,
  type RowChange,
  type RowDelta,
  type RowState,
  rowValues,
  valuesEqual,
  type WriteStamp,
} from "./delta/index.js";
export {
  AdapterError,
  BackpressureError,
  ClockDriftError,
  FlushError,
  LakeSyncError,
  type LakeSyncErrorCode,
  ValidationError,
  type ValidationIssue,
} from "./errors/index.js";
export { hash32, hash64, hash128, stableStringify } from "./hash/index.js";
export {
  decodeHlc,
  encodeHlc,
  HLC,
  type HLCOptions,
  type HLCTimestamp,
  hlcToString,
  parseHlc,
} from "./hlc/index.js";
export { Err, Ok, type Result, unwrap } from "./result/index.js";
export {
  type ColumnType,
  columnTypes,
  type TableSchema,
  tableSchemaZod,
  validateTableSchema,
} from "./schema/index.js";
export {
  type BufferStats,
  type IngestTarget,
  isIngestTarget,
  type PushAck,
  type PushMessage,
  type PushTarget,
} from "./targets/index.js";
export { parseWith } from "./validation/parse-with.js";
export { formatPath, toValidationIssues } from "./validation/zod-issues.js";
