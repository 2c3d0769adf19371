export { checkDelta, deltaLimits } from "./check-delta.js";
export { estimateDeltaBytes } from "./delta-size.js";
export { MemoryStore } from "./memory-store.js";
export {
  type AcceptedListener,
  type BufferedDelta,
  type PullRequest,
  type PullResponse,
  SyncGateway,
  type SyncGatewayOptions,
} from "./sync-gateway.js";
