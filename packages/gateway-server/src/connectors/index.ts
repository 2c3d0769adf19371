export {
  type BackoffSettings,
  ConnectorManager,
  type ConnectorManagerOptions,
  type LogFn,
  noRuntimeMessage,
} from "./connector-manager.js";
export { ConnectorFactories } from "./factories.js";
export {
  createGuardedFetch,
  type GuardedFetchOptions,
  type HostLookup,
  systemLookup,
} from "./guarded-fetch.js";
export {
  ConnectorLifecycle,
  type ConnectorState,
  canTransition,
  IllegalTransitionError,
} from "./lifecycle.js";
export { REDACTED, scrubFields, scrubSecrets, secretStrings } from "./secret-scrub.js";
export {
  createUrlGuard,
  hostProblem,
  isPublicAddress,
  type UrlGuardOptions,
} from "./url-guard.js";
