import { listConnectorDescriptors, validateConnectorConfig } from "@lakesync/core";
import type { Hono } from "hono";
import type { z } from "zod";
import type { ConnectorStatus } from "../../host/types.js";
import { requireToken } from "../auth-middleware.js";
import type { AppEnv } from "../env.js";
import { errorResponse } from "../errors.js";
import { readJsonBody } from "../read-json.js";
import type {
  connectorRegisteredZod,
  connectorStatusZod,
  connectorUnregisteredZod,
} from "../responses.js";
import type { RouteDeps } from "./deps.js";

/**
 * Connector discovery (`GET /connectors/types`, no token) and the admin connector routes:
 * register, list, unregister. Request bodies are never logged: they hold credentials.
 */
export function connectorRoutes(app: Hono<AppEnv>, deps: RouteDeps): void {
  const admin = requireToken(deps.auth, "admin");

  app.get("/connectors/types", (c) => c.json(listConnectorDescriptors()));

  app.post("/admin/connectors/:gw", admin, async (c) => {
    const body = await readJsonBody(c.req.raw, deps.maxBodyBytes);
    if (!body.ok) return errorResponse(c, body.error);
    const config = validateConnectorConfig(body.value);
    if (!config.ok) return errorResponse(c, config.error);
    const gw = c.req.param("gw");
    const { name, type } = config.value;
    const outcome = await deps.host.registerConnector(gw, config.value);
    if (!outcome.ok) return errorResponse(c, outcome.error);
    deps.logger.info({ event: "connector.registered", gw, name, type });
    const warnings = outcome.value.warnings ?? [];
    const answer: z.input<typeof connectorRegisteredZod> = {
      registered: true,
      name,
      ...(warnings.length > 0 ? { warnings: [...warnings] } : {}),
    };
    return c.json(answer, 201);
  });

  app.get("/admin/connectors/:gw", admin, async (c) => {
    const statuses = await deps.host.listConnectors(c.req.param("gw"));
    return c.json(statuses.map(toStatusJson));
  });

  app.delete("/admin/connectors/:gw/:name", admin, async (c) => {
    const gw = c.req.param("gw");
    const name = c.req.param("name");
    const removed = await deps.host.unregisterConnector(gw, name);
    if (!removed.ok) return errorResponse(c, removed.error);
    deps.logger.info({ event: "connector.unregistered", gw, name });
    const answer: z.input<typeof connectorUnregisteredZod> = { unregistered: true, name };
    return c.json(answer);
  });
}

/** Copies only the documented fields, so nothing a host adds to a status can leak. */
function toStatusJson(s: ConnectorStatus): z.input<typeof connectorStatusZod> {
  return {
    name: s.name,
    type: s.type,
    hasIngest: s.hasIngest,
    isPolling: s.isPolling,
    state: s.state,
    lastPollAt: s.lastPollAt,
    lastError: s.lastError,
    counters: {
      polls: s.counters.polls,
      deltasPushed: s.counters.deltasPushed,
      errors: s.counters.errors,
    },
    ...(s.warnings && s.warnings.length > 0 ? { warnings: [...s.warnings] } : {}),
  };
}
