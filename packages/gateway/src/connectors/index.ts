export { addOrThrow, finishOrThrow, PushRefused, refusedPushError } from "./push-refused.js";
export {
  type ConnectorContext,
  type ConnectorFactory,
  type ConnectorRuntime,
  type ConnectorStateStore,
  PollError,
  type PollReport,
  type UrlGuard,
} from "./types.js";
