export { createGatewayApp, type GatewayAppOptions } from "./app.js";
export { type Access, bearerToken, requireToken } from "./auth-middleware.js";
export { pullQueryZod, pushBodyZod } from "./bodies.js";
export type { AppEnv } from "./env.js";
export {
  type ErrorBody,
  errorBody,
  errorResponse,
  type HttpErrorCode,
  httpStatusByCode,
  type Problem,
  problem,
  statusOf,
} from "./errors.js";
export { type GatewayLogger, type LogEntry, silentLogger } from "./logger.js";
export { buildOpenApiDocument } from "./openapi.js";
export {
  DEFAULT_MAX_BODY_BYTES,
  isJsonMediaType,
  MAX_JSON_DEPTH,
  readJsonBody,
} from "./read-json.js";
export { redactSecrets } from "./redact.js";
export {
  deltaToJson,
  hlcWireZod,
  optionalHlcWireZod,
  type RowDeltaJson,
  rowDeltaJsonZod,
  rowDeltaWireZod,
} from "./wire.js";
