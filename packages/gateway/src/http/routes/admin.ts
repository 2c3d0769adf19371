import { validateSyncRules, validateTableSchema } from "@lakesync/core";
import type { Hono } from "hono";
import type { z } from "zod";
import { requireToken } from "../auth-middleware.js";
import type { AppEnv } from "../env.js";
import { errorResponse } from "../errors.js";
import { readJsonBody } from "../read-json.js";
import type { flushedZod, schemaRegisteredZod, syncRulesUpdatedZod } from "../responses.js";
import type { RouteDeps } from "./deps.js";

/** The admin routes that configure a gateway: sync rules, table schemas, flush. */
export function adminRoutes(app: Hono<AppEnv>, deps: RouteDeps): void {
  const admin = requireToken(deps.auth, "admin");

  app.post("/admin/sync-rules/:gw", admin, async (c) => {
    const body = await readJsonBody(c.req.raw, deps.maxBodyBytes);
    if (!body.ok) return errorResponse(c, body.error);
    const rules = validateSyncRules(body.value);
    if (!rules.ok) return errorResponse(c, rules.error);
    const gw = c.req.param("gw");
    const set = await deps.host.setSyncRules(gw, rules.value);
    if (!set.ok) return errorResponse(c, set.error);
    const buckets = rules.value.buckets.length;
    deps.logger.info({ event: "sync_rules.updated", gw, buckets });
    const answer: z.input<typeof syncRulesUpdatedZod> = { updated: true, buckets };
    return c.json(answer);
  });

  app.post("/admin/schema/:gw", admin, async (c) => {
    const body = await readJsonBody(c.req.raw, deps.maxBodyBytes);
    if (!body.ok) return errorResponse(c, body.error);
    const schema = validateTableSchema(body.value);
    if (!schema.ok) return errorResponse(c, schema.error);
    const gw = c.req.param("gw");
    const registered = await deps.host.registerSchema(gw, schema.value);
    if (!registered.ok) return errorResponse(c, registered.error);
    deps.logger.info({ event: "schema.registered", gw, table: schema.value.table });
    const answer: z.input<typeof schemaRegisteredZod> = {
      registered: true,
      table: schema.value.table,
    };
    return c.json(answer);
  });

  app.post("/admin/flush/:gw", admin, async (c) => {
    const gw = c.req.param("gw");
    const gateway = await deps.host.gateway(gw);
    const flushed = await gateway.flush();
    if (!flushed.ok) return errorResponse(c, flushed.error);
    const { logSize, indexSize, byteSize } = gateway.bufferStats;
    const answer: z.input<typeof flushedZod> = {
      flushed: true,
      bufferStats: { logSize, indexSize, byteSize },
    };
    return c.json(answer);
  });
}
