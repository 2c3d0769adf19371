// The public API of @lakesync/gateway-server: start a server, read its configuration, and
// the host and connector contracts that adapter and connector packages plug into.

export {
  type ConnectorContext,
  type ConnectorFactory,
  type ConnectorRuntime,
  type ConnectorStateStore,
  PollError,
  type PollReport,
  type UrlGuard,
} from "@lakesync/gateway";
export {
  type AuthConfig,
  ConfigError,
  type ConfigIssue,
  DEFAULT_DATA_DIR,
  DEFAULT_DEV_GATEWAY,
  DEFAULT_HOST,
  DEFAULT_PORT,
  LOG_LEVELS,
  type LogLevel,
  loadConfig,
  parseServerConfig,
  type ServerConfig,
  type StoreConfig,
} from "./config/index.js";
export {
  type BackoffSettings,
  ConnectorFactories,
  createGuardedFetch,
  createUrlGuard,
  type HostLookup,
  type LogFn,
  systemLookup,
  type UrlGuardOptions,
} from "./connectors/index.js";
export {
  loadEncryptionKey,
  openSecretBox,
  parseEncryptionKey,
  type SecretBox,
} from "./crypto/index.js";
export { createServerHost, type ServerHost, type ServerHostOptions } from "./host/index.js";
export {
  createServerLogger,
  type ServerLogger,
  type ServerLoggerOptions,
} from "./logging/index.js";
export {
  type DevAdminToken,
  defaultConnectorFactories,
  formatDevTokenBlock,
  type RunningServer,
  type StartServerOptions,
  startServer,
} from "./server/index.js";
export {
  CLOSE_TOKEN_EXPIRED,
  SyncSocketServer,
  type SyncSocketServerOptions,
  type WsClientMessage,
  type WsServerMessage,
} from "./ws/index.js";
