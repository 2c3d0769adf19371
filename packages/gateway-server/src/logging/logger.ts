import { type GatewayLogger, type LogEntry, redactSecrets } from "@lakesync/gateway";
import type { LogLevel } from "../config/env.js";
import type { LogFn } from "../connectors/connector-manager.js";

/**
 * Structured logs: one JSON object per line, `{ time, level, msg, ...fields }`, written to
 * stdout by default. Lines below the configured level are dropped before anything is built.
 *
 * Every field goes through a sanitiser first: strings pass through the gateway's
 * `redactSecrets` (bearer tokens, JWTs, credentials in URLs), fields whose name says secret
 * (`password`, `apiToken`, `authorization`, `connectionString`, ...) or body (`body`,
 * `requestBody`) are replaced by "[redacted]", byte arrays are reduced to their length,
 * errors to `{ name, message, code }`, bigints to decimal strings; nesting and sizes are
 * bounded. The message itself is redacted too.
 */

const LEVEL_RANK: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40 };

/** A field name whose value is never logged. Compared lowercased, without `_` and `-`. */
const HIDDEN_FIELDS = new Set([
  "authorization",
  "cookie",
  "setcookie",
  "password",
  "passwd",
  "secret",
  "clientsecret",
  "jwtsecret",
  "token",
  "accesstoken",
  "refreshtoken",
  "apitoken",
  "apikey",
  "bearer",
  "connectionstring",
  "encryptionkey",
  "privatekey",
  "body",
  "requestbody",
  "rawbody",
]);

const RESERVED = new Set(["time", "level", "msg"]);
const MAX_DEPTH = 5;
const MAX_ENTRIES = 100;
const MAX_STRING = 4096;
export const REDACTED_FIELD = "[redacted]";

export interface ServerLoggerOptions {
  /** Lines below this level are dropped. Default `info`. */
  readonly level?: LogLevel | undefined;
  /** Where a finished line (without newline) goes. Default: stdout. */
  readonly write?: ((line: string) => void) | undefined;
  /** The time of a line. Default `Date.now`. */
  readonly now?: (() => number) | undefined;
}

/** The server's logger, with adapters for the HTTP app and the host. */
export interface ServerLogger {
  readonly level: LogLevel;
  enabled(level: LogLevel): boolean;
  debug(msg: string, fields?: object): void;
  info(msg: string, fields?: object): void;
  warn(msg: string, fields?: object): void;
  error(msg: string, fields?: object): void;
  /** The host's and connectors' `LogFn`. */
  readonly log: LogFn;
  /** The HTTP app's logger: an entry's `event` becomes the line's `msg`. */
  readonly gateway: GatewayLogger;
}

/**
 * @example
 * const logger = createServerLogger({ level: "info" });
 * logger.info("listening", { url: "http://localhost:3000" });
 * // {"time":"2025-01-01T00:00:00.000Z","level":"info","msg":"listening","url":"http://localhost:3000"}
 * createGatewayApp({ host, auth, logger: logger.gateway });
 * createServerHost({ ..., log: logger.log });
 */
export function createServerLogger(options: ServerLoggerOptions = {}): ServerLogger {
  const level = options.level ?? "info";
  const threshold = LEVEL_RANK[level];
  const write = options.write ?? writeStdout;
  const now = options.now ?? Date.now;
  const enabled = (l: LogLevel) => LEVEL_RANK[l] >= threshold;

  const emit = (l: LogLevel, msg: string, fields?: object): void => {
    if (!enabled(l)) return;
    const line: Record<string, unknown> = {
      time: new Date(now()).toISOString(),
      level: l,
      msg: redactSecrets(String(msg)),
    };
    if (fields) {
      const clean = sanitize(fields, 0);
      if (clean && typeof clean === "object" && !Array.isArray(clean)) {
        for (const [key, value] of Object.entries(clean)) {
          line[RESERVED.has(key) ? `field_${key}` : key] = value;
        }
      }
    }
    let text: string;
    try {
      text = JSON.stringify(line);
    } catch {
      text = JSON.stringify({
        time: line.time,
        level: l,
        msg: line.msg,
        logError: "unserialisable",
      });
    }
    try {
      write(text);
    } catch {
      // A closed stdout (EPIPE) must not take the server down.
    }
  };

  const fromEntry =
    (l: LogLevel) =>
    (entry: LogEntry): void => {
      if (!enabled(l)) return;
      const { event, msg, ...rest } = entry;
      const text = typeof event === "string" ? event : typeof msg === "string" ? msg : "log";
      emit(l, text, rest);
    };

  return {
    level,
    enabled,
    debug: (msg, fields) => emit("debug", msg, fields),
    info: (msg, fields) => emit("info", msg, fields),
    warn: (msg, fields) => emit("warn", msg, fields),
    error: (msg, fields) => emit("error", msg, fields),
    log: (l, msg, fields) => emit(l, msg, fields),
    gateway: { info: fromEntry("info"), warn: fromEntry("warn"), error: fromEntry("error") },
  };
}

/** A JSON-safe copy of a log field with secrets, bodies and bulk removed. */
export function sanitize(value: unknown, depth = 0): unknown {
  switch (typeof value) {
    case "string":
      return redactSecrets(value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value);
    case "number":
      return Number.isFinite(value) ? value : String(value);
    case "boolean":
      return value;
    case "bigint":
      return value.toString();
    case "undefined":
    case "function":
    case "symbol":
      return undefined;
  }
  if (value === null) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return {
      name: value.name,
      message: redactSecrets(String(value.message)),
      ...(typeof code === "string" ? { code } : {}),
    };
  }
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) {
    return `[${value.byteLength} bytes]`;
  }
  if (depth >= MAX_DEPTH) return "[nested]";
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ENTRIES).map((v) => sanitize(v, depth + 1) ?? null);
    if (value.length > MAX_ENTRIES) items.push(`[${value.length - MAX_ENTRIES} more]`);
    return items;
  }
  if (value instanceof Map || value instanceof Set) return `[${value.constructor.name}]`;
  const out: Record<string, unknown> = {};
  let count = 0;
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (count++ >= MAX_ENTRIES) {
      out["…"] = "more fields";
      break;
    }
    if (HIDDEN_FIELDS.has(key.toLowerCase().replace(/[_-]/g, ""))) {
      out[key] = REDACTED_FIELD;
      continue;
    }
    const clean = sanitize(v, depth + 1);
    if (clean !== undefined) out[key] = clean;
  }
  return out;
}

function writeStdout(line: string): void {
  process.stdout.write(`${line}\n`);
}
