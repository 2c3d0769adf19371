/**
 * The LakeSync gateway on Cloudflare Workers. The Worker answers `GET /connectors/types`,
 * `GET /health` and `GET /openapi.json` itself and sends every gateway route
 * (`/sync/:gw/*`, `/admin/<kind>/:gw...`) to the Durable Object of that gateway id.
 *
 * Custom connector types: register them at module load (`registerConnectorDescriptor` from
 * `@lakesync/core`) in `custom-connectors.ts`; the Worker and its objects share this module.
 */
import type { AppEnv } from "@lakesync/gateway";
import type { Hono } from "hono";
import { readWorkerConfig, type WorkerConfig } from "./config.js";
import "./custom-connectors.js";
import { createEdgeApp } from "./edge/edge-app.js";
import type { Env } from "./env.js";

export { GatewayObject } from "./durable-object/gateway-object.js";
export type { Env } from "./env.js";

let edge: { readonly config: WorkerConfig; readonly app: Hono<AppEnv> } | undefined;

function edgeFor(env: Env): Hono<AppEnv> {
  const config = readWorkerConfig(env);
  if (
    edge &&
    edge.config.auth === config.auth &&
    edge.config.maxBodyBytes === config.maxBodyBytes
  ) {
    return edge.app;
  }
  const app = createEdgeApp(config, (gatewayId, request) =>
    env.GATEWAY.get(env.GATEWAY.idFromName(gatewayId)).fetch(request),
  );
  edge = { config, app };
  return app;
}

export default {
  fetch(request, env): Promise<Response> | Response {
    return edgeFor(env).fetch(request);
  },
} satisfies ExportedHandler<Env>;
