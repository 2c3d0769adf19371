import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createAdaptorServer } from "@hono/node-server";
import { pgliteClient, postgresJsClient, type SqlClient } from "@lakesync/adapter-postgres";
import type { Clock } from "@lakesync/core";
import {
  type AppEnv,
  type ConnectorFactory,
  createGatewayApp,
  createTokenVerifier,
  matchWsPath,
  type TokenVerifier,
  wsUpgradeRequired,
} from "@lakesync/gateway";
import type { Hono } from "hono";
import type { ServerConfig } from "../config/env.js";
import type { BackoffSettings } from "../connectors/connector-manager.js";
import { ConnectorFactories } from "../connectors/factories.js";
import type { HostLookup } from "../connectors/guarded-fetch.js";
import { createUrlGuard } from "../connectors/url-guard.js";
import { openSecretBox } from "../crypto/secret-box.js";
import { createServerHost, type ServerHost, type ServerHostOptions } from "../host/server-host.js";
import { createServerLogger, type ServerLogger } from "../logging/logger.js";
import { SyncSocketServer } from "../ws/sync-socket-server.js";
import { defaultConsoleDir, isConsolePath, serveConsole } from "./console-static.js";
import { type DataDirLock, lockDataDir } from "./data-dir-lock.js";
import { type DevAdminToken, generateDevSecret, signDevAdminToken } from "./dev-token.js";

/** Everything `startServer` can be given besides the configuration. */
export interface StartServerOptions {
  readonly config: ServerConfig;
  /**
   * The runtimes of connector types, by type. Adapter and connector packages plug in here;
   * a type without one is kept but reports `failed` ("no runtime for type X").
   * @example { factories: { postgres: postgresConnectorFactory } }
   */
  readonly factories?: ConnectorFactories | Readonly<Record<string, ConnectorFactory>> | undefined;
  /** Default: JSON lines on stdout at `config.logLevel`. */
  readonly logger?: ServerLogger | undefined;
  /** The fetch behind connectors' guarded fetch. Default `globalThis.fetch`. */
  readonly fetch?: typeof fetch | undefined;
  /** Resolver of the guarded fetch; `null` checks URLs only. */
  readonly lookup?: HostLookup | null | undefined;
  readonly clock?: Clock | undefined;
  /** Background flush period per gateway. Default 5 s. */
  readonly flushIntervalMs?: number | undefined;
  /** WebSocket ping period. Default 30 s; 0 turns it off. */
  readonly heartbeatMs?: number | undefined;
  readonly gatewayOptions?: ServerHostOptions["gatewayOptions"];
  readonly backoff?: BackoffSettings | undefined;
  /** Longest wait for in-flight HTTP requests at close before they are cut. Default 5 s. */
  readonly drainTimeoutMs?: number | undefined;
  /**
   * The built web console served at `/console`. Default: `LAKESYNC_CONSOLE_DIR`, else
   * `apps/console/dist` of this checkout; a directory without a build answers 404 JSON.
   */
  readonly consoleDir?: string | undefined;
}

/** A listening server. */
export interface RunningServer {
  /** Where a local client reaches it, e.g. `http://localhost:3000`. */
  readonly url: string;
  /** The bound port (the real one when `PORT=0`). */
  readonly port: number;
  /** The bound interface. */
  readonly hostname: string;
  readonly host: ServerHost;
  /** The HTTP app (for in-process requests). */
  readonly app: Hono<AppEnv>;
  /** The admin token of dev mode (no JWT secret nor JWKS configured), else undefined. */
  readonly devToken: DevAdminToken | undefined;
  /**
   * Stops accepting, closes WebSockets (1001), waits for in-flight requests, stops pollers,
   * flushes every gateway a last time and closes the store. Idempotent.
   */
  close(): Promise<void>;
}

const DEFAULT_DRAIN_TIMEOUT_MS = 5000;

/**
 * Starts the self-hosted gateway: opens the store (PGlite in the data dir, or PostgreSQL),
 * the encryption key, the host (restoring every gateway, rule, schema and connector), the
 * HTTP app and the sync WebSocket, and listens on `config.port` (0: a free port).
 * Rejects, with everything opened so far closed again, when any step fails.
 * @example
 * const server = await startServer(parseServerConfig(process.env));
 * console.log(server.url);
 * process.on("SIGTERM", () => server.close());
 * @example
 * // With connector runtimes
 * await startServer({ config, factories: { jira: jiraFactory } });
 */
export async function startServer(
  input: ServerConfig | StartServerOptions,
): Promise<RunningServer> {
  const options: StartServerOptions = "config" in input ? input : { config: input };
  const { config } = options;
  const logger = options.logger ?? createServerLogger({ level: config.logLevel });
  const cleanup: (() => Promise<void>)[] = [];
  const undo = async () => {
    for (const step of cleanup.reverse()) {
      await step().catch((error: unknown) => logger.error("startup cleanup failed", { error }));
    }
  };

  try {
    // Embedded store: one process per data dir.
    let lock: DataDirLock | undefined;
    if (config.store.kind === "pglite") {
      lock = await lockDataDir(config.dataDir);
      cleanup.push(() => (lock as DataDirLock).release());
    }
    const secretBox = await openSecretBox({
      encryptionKey: config.encryptionKey,
      dataDir: config.dataDir,
    });
    const client = openStore(config);
    const factories = toFactories(options.factories);
    const host = createServerHost({
      client,
      secretBox,
      factories,
      urlGuard: createUrlGuard({ allowPrivateUrls: config.allowPrivateUrls }),
      fetch: options.fetch,
      lookup: options.lookup,
      clock: options.clock,
      log: logger.log,
      gatewayOptions: options.gatewayOptions,
      flushIntervalMs: options.flushIntervalMs,
      backoff: options.backoff,
    });
    // From here the host owns the client: its shutdown stops pollers, flushes and closes it.
    cleanup.push(() => host.shutdown());
    await host.restore();

    let devToken: DevAdminToken | undefined;
    let auth: TokenVerifier;
    if (config.auth.kind === "secret") {
      auth = createTokenVerifier({ secret: config.auth.secret });
    } else if (config.auth.kind === "jwks") {
      auth = createTokenVerifier({ jwksUrl: config.auth.jwksUrl });
    } else {
      const secret = generateDevSecret();
      auth = createTokenVerifier({ secret });
      devToken = await signDevAdminToken(secret, config.devGatewayId);
    }

    const app = createGatewayApp({
      host,
      auth,
      logger: logger.gateway,
      ...(config.maxBodyBytes !== undefined ? { maxBodyBytes: config.maxBodyBytes } : {}),
      ...(config.corsOrigins ? { corsOrigins: config.corsOrigins } : {}),
    });
    const server = createAdaptorServer({
      fetch: serverFetch(app, options.consoleDir ?? defaultConsoleDir()),
      hostname: config.host,
    }) as Server;
    const sockets = new SyncSocketServer({
      host,
      auth,
      logger,
      maxPayloadBytes: config.maxBodyBytes,
      heartbeatMs: options.heartbeatMs,
    });
    sockets.attach(server);
    cleanup.push(async () => {
      await sockets.close();
      await closeHttp(server, 0);
    });
    const address = await listen(server, config.port, config.host);

    const url = localUrl(config.host, address.port);
    logger.info("server started", {
      store: config.store.kind,
      dataDir: config.dataDir,
      auth: config.auth.kind,
      allowPrivateUrls: config.allowPrivateUrls,
      connectorTypesWithRuntime: factories.types(),
    });
    if (config.auth.kind === "dev") {
      logger.warn("dev mode: generated a JWT secret for this run; set LAKESYNC_JWT_SECRET", {
        gatewayId: config.devGatewayId,
      });
    }

    let closing: Promise<void> | null = null;
    const drainMs = options.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS;
    const close = () => {
      if (!closing) {
        closing = (async () => {
          logger.info("server closing");
          const started = Date.now();
          try {
            await Promise.all([sockets.close(), closeHttp(server, drainMs)]);
            await host.shutdown();
          } finally {
            await lock?.release();
          }
          logger.info("server closed", { ms: Date.now() - started });
        })();
      }
      return closing;
    };

    return {
      url,
      port: address.port,
      hostname: config.host,
      host,
      app,
      devToken,
      close,
    };
  } catch (error) {
    await undo();
    throw error;
  }
}

/** The store's SQL client: PostgreSQL when a URL is configured, else PGlite in the data dir. */
function openStore(config: ServerConfig): SqlClient {
  return config.store.kind === "postgres"
    ? postgresJsClient(config.store.url)
    : pgliteClient(config.store.dir);
}

function toFactories(given: StartServerOptions["factories"]): ConnectorFactories {
  if (given instanceof ConnectorFactories) return given;
  return new ConnectorFactories(given ?? {});
}

/**
 * The server's request handler: the gateway app, plus what only the server answers: the web
 * console's files under `/console`, from `consoleDir`.
 */
function serverFetch(
  app: Hono<AppEnv>,
  consoleDir: string | undefined,
): (request: Request) => Response | Promise<Response> {
  return (request) => {
    const { pathname } = new URL(request.url);
    if (isConsolePath(pathname)) return serveConsole(consoleDir, request);
    if (matchWsPath(pathname) !== undefined) {
      // A plain GET to the WebSocket path (upgrades never reach the app).
      return wsUpgradeRequired();
    }
    return app.fetch(request);
  };
}

function listen(server: Server, port: number, hostname: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off("listening", onListening);
      if (error.code === "EADDRINUSE") {
        reject(
          new Error(
            `PORT ${port} is already in use on ${hostname}: stop the other process or set PORT`,
          ),
        );
      } else if (error.code === "EACCES") {
        reject(
          new Error(
            `Not allowed to listen on ${hostname}:${port} (ports below 1024 need privileges)`,
          ),
        );
      } else if (error.code === "EADDRNOTAVAIL" || error.code === "ENOTFOUND") {
        reject(new Error(`HOST ${hostname} is not an address of this machine`));
      } else {
        reject(error);
      }
    };
    const onListening = () => {
      server.off("error", onError);
      const address = server.address();
      if (address && typeof address === "object") resolve(address);
      else reject(new Error("The server did not report its address"));
    };
    server.once("error", onError);
    server.once("listening", onListening);
    server.listen(port, hostname);
  });
}

/** Stops accepting, lets in-flight requests finish (up to `timeoutMs`), then cuts the rest. */
async function closeHttp(server: Server, timeoutMs: number): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections?.();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  const first = await Promise.race([closed, timedOut]);
  clearTimeout(timer);
  if (first === "timeout") {
    server.closeAllConnections?.();
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 1000))]);
  }
}

/** The URL a local client uses: `localhost` for a wildcard bind. */
function localUrl(hostname: string, port: number): string {
  const wildcard = hostname === "0.0.0.0" || hostname === "::" || hostname === "";
  const host = wildcard ? "localhost" : hostname.includes(":") ? `[${hostname}]` : hostname;
  return `http://${host}:${port}`;
}
