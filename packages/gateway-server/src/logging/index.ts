export {
  createServerLogger,
  REDACTED_FIELD,
  type ServerLogger,
  type ServerLoggerOptions,
  sanitize,
} from "./logger.js";
