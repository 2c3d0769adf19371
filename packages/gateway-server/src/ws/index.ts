export {
  parseClientMessage,
  type WsClientMessage,
  type WsPingMessage,
  type WsPushMessage,
  type WsServerMessage,
  wsPingMessageZod,
  wsPushMessageZod,
} from "./protocol.js";
export {
  CLOSE_TOKEN_EXPIRED,
  DEFAULT_HEARTBEAT_MS,
  DEFAULT_MAX_BUFFERED_BYTES,
  SyncSocketServer,
  type SyncSocketServerOptions,
} from "./sync-socket-server.js";
export {
  authenticateUpgrade,
  matchWsPath,
  refuseUpgrade,
  type UpgradeRefusal,
  type WsIdentity,
} from "./upgrade-auth.js";
