import type { Hono } from "hono";
import type { z } from "zod";
import type { AppEnv } from "../env.js";
import { buildOpenApiDocument } from "../openapi.js";
import type { healthZod } from "../responses.js";
import type { RouteDeps } from "./deps.js";

/** `GET /health` and `GET /openapi.json`: no token. */
export function metaRoutes(app: Hono<AppEnv>, deps: RouteDeps): void {
  app.get("/health", (c) => {
    const answer: z.input<typeof healthZod> = { status: "ok" };
    return c.json(answer);
  });
  app.get("/openapi.json", (c) =>
    c.json(buildOpenApiDocument({ maxBodyBytes: deps.maxBodyBytes })),
  );
}
