import { isAbsolute, resolve } from "node:path";
import { MIN_SECRET_BYTES } from "@lakesync/gateway";
import { z } from "zod";
import { parseEncryptionKey } from "../crypto/secret-box.js";

/**
 * The server's configuration, read from the environment once at startup. Every problem is
 * reported at once, each naming its variable; secret values are never echoed.
 *
 * | Variable | Default | Meaning |
 * |---|---|---|
 * | `PORT` | `3000` | TCP port; `0` picks a free one (the real one is logged) |
 * | `HOST` | `0.0.0.0` | Interface to bind; `127.0.0.1` keeps the server local |
 * | `LAKESYNC_JWT_SECRET` | (generated) | HS256 secret, at least 32 bytes |
 * | `LAKESYNC_JWKS_URL` | | JWKS of an issuer (RS256, ES256, EdDSA...) instead of a secret |
 * | `LAKESYNC_DEV_GATEWAY` | `my-gw` | Gateway id of the admin token printed in dev mode |
 * | `LAKESYNC_DATA_DIR` | `./.lakesync` | Embedded store and generated encryption key |
 * | `LAKESYNC_STORE_URL` | (PGlite in the data dir) | `postgres://…` for a real PostgreSQL |
 * | `LAKESYNC_ENCRYPTION_KEY` | (generated into the data dir) | 32 bytes, base64 or hex |
 * | `LAKESYNC_ALLOW_PRIVATE_URLS` | `false` | `1`/`true`: API connectors may call http:// and private hosts |
 * | `LOG_LEVEL` | `info` | `debug`, `info`, `warn` or `error` |
 * | `LAKESYNC_MAX_BODY_BYTES` | `1048576` | Largest request body (and WebSocket message) |
 * | `LAKESYNC_CORS_ORIGINS` | (none) | Comma-separated web origins allowed to call the API from a browser, or `*` |
 *
 * An empty value counts as unset (`PORT=` in a compose file is the default port).
 */

/** Log levels, quietest last. */
export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** How tokens are verified. `dev`: no secret nor JWKS configured; one is generated per run. */
export type AuthConfig =
  | { readonly kind: "secret"; readonly secret: string }
  | { readonly kind: "jwks"; readonly jwksUrl: string }
  | { readonly kind: "dev" };

/** Where flushed deltas and control state live. */
export type StoreConfig =
  | { readonly kind: "pglite"; readonly dir: string }
  | { readonly kind: "postgres"; readonly url: string };

/** The parsed environment. Build one with `parseServerConfig` (or by hand in tests). */
export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  readonly auth: AuthConfig;
  /** Gateway id of the dev admin token (`LAKESYNC_DEV_GATEWAY`). */
  readonly devGatewayId: string;
  /** Absolute path of the data dir. */
  readonly dataDir: string;
  readonly store: StoreConfig;
  /** `LAKESYNC_ENCRYPTION_KEY` as given (already checked); undefined: the data dir's key file. */
  readonly encryptionKey: string | undefined;
  readonly allowPrivateUrls: boolean;
  readonly logLevel: LogLevel;
  /** Undefined: the gateway's default (1 MiB). */
  readonly maxBodyBytes: number | undefined;
  /** Origins allowed to call the API from a browser (`LAKESYNC_CORS_ORIGINS`); empty: none. */
  readonly corsOrigins?: readonly string[] | undefined;
}

export const DEFAULT_PORT = 3000;
export const DEFAULT_HOST = "0.0.0.0";
export const DEFAULT_DATA_DIR = "./.lakesync";
export const DEFAULT_DEV_GATEWAY = "my-gw";

/** One bad variable. */
export interface ConfigIssue {
  readonly variable: string;
  readonly message: string;
}

/** Thrown by `parseServerConfig`: the message lists every bad variable, one per line. */
export class ConfigError extends Error {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    super(
      `Invalid configuration:\n${issues.map((i) => `  - ${i.message}`).join("\n")}\nSee docs/configuration.md.`,
    );
    this.name = "ConfigError";
    this.issues = issues;
  }
}

/** An env value, with blank ones as unset. */
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v));

const port = optionalText.transform((v, ctx) => {
  if (v === undefined) return DEFAULT_PORT;
  const n = /^\s*\d{1,5}\s*$/.test(v) ? Number(v) : Number.NaN;
  if (!(n >= 0 && n <= 65535)) {
    ctx.addIssue({
      code: "custom",
      message: `PORT must be an integer from 0 to 65535 (0 picks a free port), got "${short(v)}"`,
    });
    return z.NEVER;
  }
  return n;
});

const host = optionalText.transform((v, ctx) => {
  if (v === undefined) return DEFAULT_HOST;
  const value = v.trim();
  if (!/^[A-Za-z0-9.:_[\]%-]{1,253}$/.test(value)) {
    ctx.addIssue({
      code: "custom",
      message: `HOST must be a host name or IP address to bind (e.g. 0.0.0.0 or 127.0.0.1), got "${short(value)}"`,
    });
    return z.NEVER;
  }
  return value.replace(/^\[(.*)\]$/, "$1");
});

const jwtSecret = optionalText.transform((v, ctx) => {
  if (v === undefined) return undefined;
  const bytes = new TextEncoder().encode(v).length;
  if (bytes < MIN_SECRET_BYTES) {
    ctx.addIssue({
      code: "custom",
      message: `LAKESYNC_JWT_SECRET must be at least ${MIN_SECRET_BYTES} bytes long (HS256 needs a 256-bit key), got ${bytes}. Generate one with: openssl rand -base64 32`,
    });
    return z.NEVER;
  }
  return v;
});

const jwksUrl = optionalText.transform((v, ctx) => {
  if (v === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(v.trim());
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:")) {
    ctx.addIssue({
      code: "custom",
      message:
        "LAKESYNC_JWKS_URL must be an absolute http(s) URL of a JSON Web Key Set (e.g. https://issuer.example.com/.well-known/jwks.json)",
    });
    return z.NEVER;
  }
  return url.toString();
});

const devGateway = optionalText.transform((v, ctx) => {
  if (v === undefined) return DEFAULT_DEV_GATEWAY;
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(v)) {
    ctx.addIssue({
      code: "custom",
      message: `LAKESYNC_DEV_GATEWAY must be a gateway id of 1 to 64 characters from A-Z a-z 0-9 . _ -, got "${short(v)}"`,
    });
    return z.NEVER;
  }
  return v;
});

const storeUrl = optionalText.transform((v, ctx): { url: string } | undefined => {
  if (v === undefined) return undefined;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(v.trim())?.[1]?.toLowerCase();
  if (scheme === "postgres" || scheme === "postgresql") {
    try {
      new URL(v.trim());
    } catch {
      ctx.addIssue({
        code: "custom",
        message: "LAKESYNC_STORE_URL is not a valid postgres:// URL",
      });
      return z.NEVER;
    }
    return { url: v.trim() };
  }
  if (scheme === "mysql" || scheme === "mariadb") {
    ctx.addIssue({
      code: "custom",
      message: `LAKESYNC_STORE_URL: ${scheme}:// stores are not supported yet; use postgres://… or leave it unset for the embedded store`,
    });
    return z.NEVER;
  }
  ctx.addIssue({
    code: "custom",
    message: `LAKESYNC_STORE_URL must be a postgres:// URL (or unset for the embedded store), got a URL with scheme "${short(scheme ?? "none")}"`,
  });
  return z.NEVER;
});

const encryptionKey = optionalText.transform((v, ctx) => {
  if (v === undefined) return undefined;
  try {
    parseEncryptionKey(v);
  } catch (error) {
    ctx.addIssue({ code: "custom", message: (error as Error).message });
    return z.NEVER;
  }
  return v.trim();
});

const flag = (name: string) =>
  optionalText.transform((v, ctx) => {
    if (v === undefined) return false;
    const value = v.trim().toLowerCase();
    if (["1", "true", "yes", "on"].includes(value)) return true;
    if (["0", "false", "no", "off"].includes(value)) return false;
    ctx.addIssue({
      code: "custom",
      message: `${name} must be 1/true or 0/false, got "${short(v)}"`,
    });
    return z.NEVER;
  });

const logLevel = optionalText.transform((v, ctx): LogLevel => {
  if (v === undefined) return "info";
  const value = v.trim().toLowerCase();
  if ((LOG_LEVELS as readonly string[]).includes(value)) return value as LogLevel;
  ctx.addIssue({
    code: "custom",
    message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}, got "${short(v)}"`,
  });
  return z.NEVER;
});

const maxBodyBytes = optionalText.transform((v, ctx) => {
  if (v === undefined) return undefined;
  const n = /^\s*\d{1,15}\s*$/.test(v) ? Number(v) : Number.NaN;
  if (!(Number.isSafeInteger(n) && n > 0)) {
    ctx.addIssue({
      code: "custom",
      message: `LAKESYNC_MAX_BODY_BYTES must be a positive whole number of bytes, got "${short(v)}"`,
    });
    return z.NEVER;
  }
  return n;
});

const corsOrigins = optionalText.transform((v, ctx) => {
  if (v === undefined) return [];
  const origins = v
    .split(",")
    .map((o) => o.trim())
    .filter((o) => o !== "");
  for (const origin of origins) {
    if (origin === "*") continue;
    let parsed: URL | null = null;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = null;
    }
    if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin) {
      ctx.addIssue({
        code: "custom",
        message: `LAKESYNC_CORS_ORIGINS must list origins like https://admin.example.com (scheme, host and port only, no path or trailing /) or *, got "${short(origin)}"`,
      });
      return z.NEVER;
    }
  }
  return origins;
});

const envZod = z.object({
  PORT: port,
  HOST: host,
  LAKESYNC_JWT_SECRET: jwtSecret,
  LAKESYNC_JWKS_URL: jwksUrl,
  LAKESYNC_DEV_GATEWAY: devGateway,
  LAKESYNC_DATA_DIR: optionalText,
  LAKESYNC_STORE_URL: storeUrl,
  LAKESYNC_ENCRYPTION_KEY: encryptionKey,
  LAKESYNC_ALLOW_PRIVATE_URLS: flag("LAKESYNC_ALLOW_PRIVATE_URLS"),
  LOG_LEVEL: logLevel,
  LAKESYNC_MAX_BODY_BYTES: maxBodyBytes,
  LAKESYNC_CORS_ORIGINS: corsOrigins,
});

/** The variables the server reads. */
export const CONFIG_VARIABLES = Object.keys(envZod.shape) as readonly string[];

/**
 * Reads the server's configuration from an environment (default `process.env`).
 * Relative `LAKESYNC_DATA_DIR` paths resolve against `cwd`.
 * @throws ConfigError listing every bad variable by name.
 * @example
 * const config = parseServerConfig({ PORT: "8080", LAKESYNC_JWT_SECRET: secret });
 */
export function parseServerConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
  cwd: string = process.cwd(),
): ServerConfig {
  const picked: Record<string, string | undefined> = {};
  for (const name of CONFIG_VARIABLES) picked[name] = env[name];
  const parsed = envZod.safeParse(picked);
  const issues: ConfigIssue[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? "environment"),
        message: issue.message,
      }));
  if (parsed.success && parsed.data.LAKESYNC_JWT_SECRET && parsed.data.LAKESYNC_JWKS_URL) {
    issues.push({
      variable: "LAKESYNC_JWKS_URL",
      message:
        "LAKESYNC_JWT_SECRET and LAKESYNC_JWKS_URL are both set: tokens are verified one way; set only one",
    });
  }
  if (!parsed.success || issues.length > 0) throw new ConfigError(issues);

  const e = parsed.data;
  const dataDir = resolveDir(e.LAKESYNC_DATA_DIR ?? DEFAULT_DATA_DIR, cwd);
  const auth: AuthConfig = e.LAKESYNC_JWT_SECRET
    ? { kind: "secret", secret: e.LAKESYNC_JWT_SECRET }
    : e.LAKESYNC_JWKS_URL
      ? { kind: "jwks", jwksUrl: e.LAKESYNC_JWKS_URL }
      : { kind: "dev" };
  const store: StoreConfig = e.LAKESYNC_STORE_URL
    ? { kind: "postgres", url: e.LAKESYNC_STORE_URL.url }
    : { kind: "pglite", dir: resolve(dataDir, "pglite") };
  return {
    port: e.PORT,
    host: e.HOST,
    auth,
    devGatewayId: e.LAKESYNC_DEV_GATEWAY,
    dataDir,
    store,
    encryptionKey: e.LAKESYNC_ENCRYPTION_KEY,
    allowPrivateUrls: e.LAKESYNC_ALLOW_PRIVATE_URLS,
    logLevel: e.LOG_LEVEL,
    maxBodyBytes: e.LAKESYNC_MAX_BODY_BYTES,
    corsOrigins: e.LAKESYNC_CORS_ORIGINS,
  };
}

/** `parseServerConfig(process.env)`: the configuration of this process. */
export function loadConfig(): ServerConfig {
  return parseServerConfig(process.env, process.cwd());
}

function resolveDir(dir: string, cwd: string): string {
  return isAbsolute(dir) ? dir : resolve(cwd, dir);
}

/** A value short enough to quote in a message (only non-secret variables are quoted). */
function short(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}
