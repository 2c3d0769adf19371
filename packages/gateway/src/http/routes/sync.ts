import { parseWith } from "@lakesync/core";
import type { Hono } from "hono";
import type { z } from "zod";
import { requireToken } from "../auth-middleware.js";
import { pullQueryZod, pushBodyZod } from "../bodies.js";
import type { AppEnv } from "../env.js";
import { errorResponse } from "../errors.js";
import { readJsonBody } from "../read-json.js";
import type { pullResponseZod, pushResponseZod } from "../responses.js";
import { deltaToJson } from "../wire.js";
import type { RouteDeps } from "./deps.js";

/** The client sync routes: push a batch of deltas, pull a page filtered by the sync rules. */
export function syncRoutes(app: Hono<AppEnv>, deps: RouteDeps): void {
  const member = requireToken(deps.auth, "gateway");

  app.post("/sync/:gw/push", member, async (c) => {
    const body = await readJsonBody(c.req.raw, deps.maxBodyBytes);
    if (!body.ok) return errorResponse(c, body.error);
    const msg = parseWith(pushBodyZod, body.value, "INVALID_REQUEST");
    if (!msg.ok) return errorResponse(c, msg.error);
    const gateway = await deps.host.gateway(c.req.param("gw"));
    const ack = await gateway.push(msg.value);
    if (!ack.ok) return errorResponse(c, ack.error);
    const answer: z.input<typeof pushResponseZod> = {
      serverHlc: ack.value.serverHlc.toString(),
      accepted: ack.value.accepted,
    };
    return c.json(answer);
  });

  app.get("/sync/:gw/pull", member, async (c) => {
    const query = parseWith(pullQueryZod, pickQuery(c.req.query()), "INVALID_REQUEST");
    if (!query.ok) return errorResponse(c, query.error);
    const claims = c.get("claims");
    const { since, clientId, limit, source } = query.value;
    const gateway = await deps.host.gateway(c.req.param("gw"));
    const page = await gateway.pull({
      since,
      clientId: clientId ?? claims.sub,
      limit,
      source,
      claims,
    });
    if (!page.ok) return errorResponse(c, page.error);
    const { deltas, serverHlc, hasMore, warnings } = page.value;
    const answer: z.input<typeof pullResponseZod> = {
      deltas: deltas.map(deltaToJson),
      serverHlc: serverHlc.toString(),
      hasMore,
      ...(warnings && warnings.length > 0 ? { warnings } : {}),
    };
    return c.json(answer);
  });
}

/** The pull parameters present in the query; others (cache busters) are ignored. */
function pickQuery(query: Record<string, string>): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const key of ["since", "clientId", "limit", "source"]) {
    const value = query[key];
    if (value !== undefined) picked[key] = value;
  }
  return picked;
}
