import { LakeSyncError } from "@lakesync/core";
import { Hono } from "hono";
import { cors } from "hono/cors";
import type { TokenVerifier } from "../auth/verify.js";
import type { GatewayHost } from "../host/types.js";
import type { AppEnv } from "./env.js";
import { errorResponse, problem } from "./errors.js";
import { type GatewayLogger, silentLogger } from "./logger.js";
import { DEFAULT_MAX_BODY_BYTES } from "./read-json.js";
import { redactSecrets } from "./redact.js";
import { adminRoutes } from "./routes/admin.js";
import { connectorRoutes } from "./routes/connectors.js";
import type { RouteDeps } from "./routes/deps.js";
import { metaRoutes } from "./routes/meta.js";
import { syncRoutes } from "./routes/sync.js";

/** What `createGatewayApp` is built from. */
export interface GatewayAppOptions {
  /** The gateways, connectors, rules and schemas the routes act on. */
  readonly host: GatewayHost;
  /** Verifies bearer tokens. */
  readonly auth: TokenVerifier;
  /** Largest request body in bytes, counted as read; default 1 MiB. */
  readonly maxBodyBytes?: number;
  /** Structured logs: one line per request, and unexpected errors. Default: silent. */
  readonly logger?: GatewayLogger;
  /**
   * Web origins (`https://admin.example.com`) whose pages may call the API from a browser,
   * or `["*"]` for any. Default: none (no CORS headers; same-origin pages only).
   */
  readonly corsOrigins?: readonly string[];
}

/**
 * The gateway's HTTP API as a Hono app, shared by the self-hosted server and the worker:
 * connector discovery and admin, sync rules, schemas, flush, push and pull, health and the
 * OpenAPI document. Errors are `{ error: { code, message, issues? } }` with the status of
 * `httpStatusByCode`; an unexpected throw is logged and answered 500 without details.
 * @throws RangeError when `maxBodyBytes` is not a positive integer.
 * @example
 * const app = createGatewayApp({ host: new MemoryGatewayHost(), auth: createTokenVerifier({ secret }) });
 * export default { fetch: app.fetch };
 */
export function createGatewayApp(options: GatewayAppOptions): Hono<AppEnv> {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes <= 0) {
    throw new RangeError("maxBodyBytes must be a positive integer");
  }
  const logger = options.logger ?? silentLogger;
  const deps: RouteDeps = { host: options.host, auth: options.auth, maxBodyBytes, logger };
  const app = new Hono<AppEnv>();

  app.use("*", async (c, next) => {
    const started = Date.now();
    await next();
    const status = c.res.status;
    const entry = {
      event: "http.request",
      method: c.req.method,
      path: c.req.path,
      status,
      ms: Date.now() - started,
    };
    if (status >= 500) logger.warn(entry);
    else logger.info(entry);
  });

  if (options.corsOrigins && options.corsOrigins.length > 0) {
    app.use("*", corsFor(options.corsOrigins));
  }
  metaRoutes(app, deps);
  connectorRoutes(app, deps);
  adminRoutes(app, deps);
  syncRoutes(app, deps);
  answerWrongMethods(app);

  app.notFound((c) =>
    errorResponse(c, problem("NOT_FOUND", `No route for ${c.req.method} ${c.req.path}`)),
  );
  app.onError((error, c) => {
    // Expected failures come back as values; a thrown LakeSyncError still has a code.
    if (error instanceof LakeSyncError) return errorResponse(c, error);
    logger.error({
      event: "http.unhandled_error",
      method: c.req.method,
      path: c.req.path,
      error: error.name,
      message: redactSecrets(String(error.message)),
      stack: redactSecrets(String(error.stack ?? "")),
    });
    return errorResponse(c, problem("INTERNAL", "Internal server error"));
  });
  return app;
}

/** Answers 405 with `Allow` on a known path called with a method it does not have. */
function answerWrongMethods(app: Hono<AppEnv>): void {
  const methods = new Map<string, Set<string>>();
  for (const route of app.routes) {
    if (route.method === "ALL") continue;
    const set = methods.get(route.path) ?? new Set<string>();
    set.add(route.method);
    if (route.method === "GET") set.add("HEAD");
    methods.set(route.path, set);
  }
  for (const [path, allowed] of methods) {
    const allow = [...allowed].sort().join(", ");
    app.all(path, (c) =>
      errorResponse(
        c,
        problem("METHOD_NOT_ALLOWED", `${c.req.method} is not allowed here (allowed: ${allow})`),
        { Allow: allow },
      ),
    );
  }
}

/**
 * CORS for browser apps on other origins: preflights answered 204, the bearer token sent in
 * `Authorization` (no cookies, so no credentials mode), `Retry-After` readable by scripts.
 */
function corsFor(origins: readonly string[]) {
  const any = origins.includes("*");
  return cors({
    origin: any ? "*" : (origin) => (origins.includes(origin) ? origin : null),
    allowMethods: ["GET", "POST", "DELETE", "OPTIONS"],
    allowHeaders: ["Authorization", "Content-Type"],
    exposeHeaders: ["Retry-After", "Allow"],
    maxAge: 600,
  });
}
