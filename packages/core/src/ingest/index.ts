export {
  type BackoffJitter,
  type BackoffOptions,
  backoffDelay,
  DEFAULT_BACKOFF_CAP_MS,
} from "./backoff.js";
export {
  type ChunkedPusher,
  type ChunkedPusherOptions,
  type ChunkedPusherStats,
  createChunkedPusher,
  DEFAULT_CHUNK_SIZE,
  FLUSH_BUDGET_RATIO,
} from "./chunked-pusher.js";
export { type Clock, sleep, systemClock } from "./clock.js";
export {
  type CursorPosition,
  type CursorValue,
  compareCursorPositions,
  compareCursorValues,
  compareRowIds,
} from "./cursor-compare.js";
export {
  type CursorChange,
  CursorScan,
  type CursorScanOptions,
  cursorChanges,
} from "./cursor-engine.js";
export type { DiffCycle, DiffCycleStats } from "./diff-cycle.js";
export { DiffSnapshot, type DiffSnapshotOptions } from "./diff-snapshot.js";
export {
  createPollScheduler,
  type PollFn,
  type PollOutcome,
  type PollScheduler,
  type PollSchedulerOptions,
  type PollSchedulerState,
} from "./poll-scheduler.js";
export { parseRetryAfter } from "./retry-after.js";
