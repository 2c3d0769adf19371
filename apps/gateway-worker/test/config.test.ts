import { describe, expect, it } from "vitest";
import { readWorkerConfig } from "../src/config.js";
import { createEdgeApp } from "../src/edge/edge-app.js";
import type { Env } from "../src/env.js";

describe("a worker deployed without its secrets", () => {
  const bindings = { GATEWAY: undefined } as unknown as Env;
  const forwarded: string[] = [];
  const app = createEdgeApp(readWorkerConfig(bindings), async (gw) => {
    forwarded.push(gw);
    return new Response("forwarded");
  });

  it("still answers the routes that need no token", async () => {
    expect((await app.request("/health")).status).toBe(200);
    expect((await app.request("/connectors/types")).status).toBe(200);
  });

  it("answers token routes 500 saying which secret to set, and wakes no object", async () => {
    const res = await app.request("/admin/connectors/my-gw", {
      headers: { Authorization: "Bearer a.b.c" },
    });
    expect(res.status).toBe(500);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("INTERNAL");
    expect(body.error.message).toContain("wrangler secret put LAKESYNC_JWT_SECRET");
    expect(forwarded).toEqual([]);
  });
});
