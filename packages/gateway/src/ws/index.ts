export {
  type BadWsMessage,
  parseClientMessage,
  type WsClientMessage,
  type WsMessageId,
  type WsPingMessage,
  type WsPushMessage,
  type WsServerMessage,
  wsPingMessageZod,
  wsPushMessageZod,
} from "./protocol.js";
export {
  authenticateWsUpgrade,
  isWebSocketUpgrade,
  matchWsPath,
  type UpgradeRefusal,
  type UpgradeRefusalAnswer,
  upgradeRefusalAnswer,
  upgradeRefusalResponse,
  WS_PATH,
  type WsIdentity,
  wsUpgradeRequired,
} from "./upgrade-auth.js";
