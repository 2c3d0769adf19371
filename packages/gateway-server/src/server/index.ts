export { type DataDirLock, LOCK_FILE_NAME, lockDataDir } from "./data-dir-lock.js";
export { defaultConnectorFactories } from "./default-factories.js";
export {
  DEV_TOKEN_TTL_SECONDS,
  type DevAdminToken,
  formatDevTokenBlock,
  generateDevSecret,
  signDevAdminToken,
} from "./dev-token.js";
export { type RunningServer, type StartServerOptions, startServer } from "./start-server.js";
