import { describe, expect, it } from "vitest";
import { createTokenVerifier, signToken } from "../auth/index.js";
import { MemoryGatewayHost } from "../host/memory-host.js";
import { createGatewayApp } from "./app.js";
import { GW, TEST_SECRET } from "./testing/harness.js";

const ADMIN_UI = "https://admin.example.com";

function app(corsOrigins?: readonly string[]) {
  return createGatewayApp({
    host: new MemoryGatewayHost(),
    auth: createTokenVerifier({ secret: TEST_SECRET }),
    ...(corsOrigins ? { corsOrigins } : {}),
  });
}

describe("CORS", () => {
  it("answers a listed origin's preflight and requests, and no other origin", async () => {
    const gateway = app([ADMIN_UI]);
    const preflight = await gateway.request(`/admin/connectors/${GW}`, {
      method: "OPTIONS",
      headers: {
        origin: ADMIN_UI,
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization, content-type",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe(ADMIN_UI);
    expect(preflight.headers.get("access-control-allow-headers")).toMatch(/Authorization/i);
    expect(preflight.headers.get("access-control-allow-methods")).toMatch(/POST/);

    const token = await signToken({
      secret: TEST_SECRET,
      sub: "ops",
      gw: GW,
      role: "admin",
      expiresIn: 60,
    });
    const listed = await gateway.request(`/admin/connectors/${GW}`, {
      headers: { origin: ADMIN_UI, authorization: `Bearer ${token}` },
    });
    expect(listed.status).toBe(200);
    expect(listed.headers.get("access-control-allow-origin")).toBe(ADMIN_UI);

    const other = await gateway.request("/connectors/types", {
      headers: { origin: "https://evil.example.com" },
    });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("sends no CORS headers unless origins are configured, and any origin with *", async () => {
    const closed = await app().request("/connectors/types", { headers: { origin: ADMIN_UI } });
    expect(closed.headers.get("access-control-allow-origin")).toBeNull();
    const open = await app(["*"]).request("/health", { headers: { origin: ADMIN_UI } });
    expect(open.headers.get("access-control-allow-origin")).toBe("*");
  });
});
