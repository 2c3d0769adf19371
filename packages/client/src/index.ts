// The public API of @lakesync/client.

export { isLakeSyncClientError, LakeSyncClient, type LakeSyncClientOptions } from "./client.js";
export {
  type ApiErrorCode,
  LakeSyncApiError,
  LakeSyncClientError,
  LakeSyncNetworkError,
} from "./errors.js";
export {
  type BackoffOptions,
  backoffDelay,
  type SubscribeOptions,
  Subscription,
  type SubscriptionStatus,
  type WebSocketConstructor,
  type WebSocketLike,
} from "./subscribe/index.js";
export type { RequestOptions, TokenProvider } from "./transport.js";
export type {
  BufferStats,
  ColumnJson,
  ConnectorRegistered,
  ConnectorState,
  ConnectorStatus,
  ConnectorUnregistered,
  ErrorBodyJson,
  Flushed,
  HlcString,
  PullPage,
  PullRequest,
  PushAck,
  PushRequest,
  RowDeltaJson,
  SchemaRegistered,
  SyncRulesUpdated,
  WsAckMessage,
  WsDeltasMessage,
  WsErrorMessage,
  WsPongMessage,
  WsServerMessage,
} from "./wire.js";
