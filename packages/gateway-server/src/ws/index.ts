export {
  matchWsPath,
  parseClientMessage,
  type UpgradeRefusal,
  type WsClientMessage,
  type WsIdentity,
  type WsPingMessage,
  type WsPushMessage,
  type WsServerMessage,
  wsPingMessageZod,
  wsPushMessageZod,
} from "@lakesync/gateway";
export {
  CLOSE_TOKEN_EXPIRED,
  DEFAULT_HEARTBEAT_MS,
  DEFAULT_MAX_BUFFERED_BYTES,
  SyncSocketServer,
  type SyncSocketServerOptions,
} from "./sync-socket-server.js";
export { authenticateUpgrade, refuseUpgrade } from "./upgrade-auth.js";
