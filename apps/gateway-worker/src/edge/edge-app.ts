import { LakeSyncError } from "@lakesync/core";
import {
  type AppEnv,
  createGatewayApp,
  type GatewayHost,
  isWebSocketUpgrade,
  requireToken,
  wsUpgradeRequired,
} from "@lakesync/gateway";
import { Hono } from "hono";
import { consoleLogger, type WorkerConfig } from "../config.js";
import { authenticateUpgrade } from "../ws/upgrade-auth.js";

/** Sends a request to the Durable Object of a gateway id. */
export type ForwardToGateway = (gatewayId: string, request: Request) => Promise<Response>;

/**
 * The Worker's own app. Every gateway route of `createGatewayApp` (`/admin/...` and
 * `/sync/...`, taken from the app's own route list, so the two cannot drift) is checked for
 * its token here, then forwarded to the gateway's Durable Object, which serves it with the
 * same app: a request without a valid token never wakes an object. The WebSocket is checked
 * the same way. Everything else (`GET /connectors/types`, `/health`, `/openapi.json`, 404,
 * 405) is answered by the shared app right here, with no object and no token.
 * @example const app = createEdgeApp(readWorkerConfig(env), (gw, req) => stubOf(gw).fetch(req));
 */
export function createEdgeApp(config: WorkerConfig, forward: ForwardToGateway): Hono<AppEnv> {
  const shared = createGatewayApp({
    host: edgeHost,
    auth: config.auth,
    maxBodyBytes: config.maxBodyBytes,
    logger: consoleLogger,
  });
  const edge = new Hono<AppEnv>();

  edge.get("/sync/:gw/ws", async (c) => {
    if (!isWebSocketUpgrade(c.req.raw)) return wsUpgradeRequired();
    const identity = await authenticateUpgrade(c.req.raw, config.auth);
    if (!identity.ok) return identity.error;
    return forward(identity.value.gatewayId, c.req.raw);
  });

  const seen = new Set<string>();
  for (const { method, path } of shared.routes) {
    const access = path.startsWith("/admin/")
      ? "admin"
      : path.startsWith("/sync/")
        ? "gateway"
        : null;
    if (method === "ALL" || access === null || seen.has(`${method} ${path}`)) continue;
    seen.add(`${method} ${path}`);
    edge.on(method, path, requireToken(config.auth, access), (c) =>
      forward(c.req.param("gw") ?? "", c.req.raw),
    );
  }

  edge.all("*", (c) => shared.fetch(c.req.raw));
  return edge;
}

/** The shared app at the edge serves only routes that need no gateway. */
const edgeHost: GatewayHost = {
  gateway: notHere,
  setSyncRules: notHere,
  registerSchema: notHere,
  registerConnector: notHere,
  listConnectors: notHere,
  unregisterConnector: notHere,
};

function notHere(): never {
  throw new LakeSyncError("INTERNAL", "Gateway routes are served by the gateway's Durable Object");
}
