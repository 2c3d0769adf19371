import { describe, expect, it } from "vitest";
import { signToken } from "../auth/sign.js";
import { createTokenVerifier } from "../auth/verify.js";
import { MemoryGatewayHost } from "../host/memory-host.js";
import { createGatewayApp } from "./app.js";
import { bearerToken } from "./auth-middleware.js";
import { type ErrorJson, GW, harness, json, TEST_SECRET } from "./testing/harness.js";

const adminRoutes: Array<[string, string, unknown?]> = [
  [
    "POST",
    `/admin/connectors/${GW}`,
    { name: "pg", type: "postgres", postgres: { connectionString: "x" } },
  ],
  ["GET", `/admin/connectors/${GW}`],
  ["DELETE", `/admin/connectors/${GW}/pg`],
  ["POST", `/admin/sync-rules/${GW}`, { buckets: [] }],
  ["POST", `/admin/schema/${GW}`, { table: "t", columns: [{ name: "a", type: "string" }] }],
  ["POST", `/admin/flush/${GW}`],
];
const syncRoutes: Array<[string, string, unknown?]> = [
  ["POST", `/sync/${GW}/push`, { clientId: "app-1", deltas: [] }],
  ["GET", `/sync/${GW}/pull?since=0&clientId=app-1`],
];
const protectedRoutes = [...adminRoutes, ...syncRoutes];

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  const body = await json<ErrorJson>(res);
  expect(Object.keys(body)).toEqual(["error"]);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe("string");
  return body;
}

describe("auth on protected routes", () => {
  it("answers 401 with WWW-Authenticate: Bearer when the token is missing", async () => {
    const { call } = await harness();
    for (const [method, path, body] of protectedRoutes) {
      const res = await call(method, path, { token: null, json: body });
      expect(res.headers.get("www-authenticate"), `${method} ${path}`).toMatch(/^Bearer\b/);
      const error = await expectError(res, 401, "UNAUTHORIZED");
      expect(error.error.message).toBe("Missing bearer token");
    }
  });

  it("answers 401 for other schemes, empty bearer and malformed tokens", async () => {
    const { call, adminToken } = await harness();
    const headers = [
      `Basic ${Buffer.from("admin:admin").toString("base64")}`,
      "Bearer",
      "Bearer ",
      "Bearer not-a-jwt",
      "Bearer a.b",
      `Bearer ${adminToken} extra`,
      `Token ${adminToken}`,
    ];
    for (const authorization of headers) {
      const res = await call("GET", `/admin/connectors/${GW}`, {
        token: null,
        headers: { authorization },
      });
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer\b/);
      await expectError(res, 401, "UNAUTHORIZED");
    }
  });

  it("accepts the scheme in any case", async () => {
    const { call, adminToken } = await harness();
    const res = await call("GET", `/admin/connectors/${GW}`, {
      token: null,
      headers: { authorization: `bearer ${adminToken}` },
    });
    expect(res.status).toBe(200);
  });

  it("answers 401 for expired, unsigned (alg: none) and wrongly signed tokens", async () => {
    const { call, token } = await harness();
    const expired = await token({ role: "admin", expiresIn: -10 });
    const exp = Math.floor(Date.now() / 1000) + 3600;
    const none = `${b64url({ alg: "none", typ: "JWT" })}.${b64url({ sub: "x", gw: GW, role: "admin", exp })}.`;
    const wrongKey = await signToken({
      secret: `${TEST_SECRET}-but-another-one`,
      sub: "x",
      gw: GW,
      role: "admin",
      expiresIn: 3600,
    });
    for (const bad of [expired, none, wrongKey]) {
      for (const [method, path, body] of protectedRoutes) {
        const res = await call(method, path, { token: bad, json: body });
        const error = await expectError(res, 401, "UNAUTHORIZED");
        expect(JSON.stringify(error)).not.toContain(bad.split(".")[1]);
      }
    }
  });

  it("answers 403 FORBIDDEN for a token of another gateway, admin or not", async () => {
    const { call, token } = await harness();
    const otherAdmin = await token({ role: "admin", gw: "other-gw" });
    const otherClient = await token({ gw: "other-gw" });
    for (const [method, path, body] of protectedRoutes) {
      await expectError(
        await call(method, path, { token: otherAdmin, json: body }),
        403,
        "FORBIDDEN",
      );
      await expectError(
        await call(method, path, { token: otherClient, json: body }),
        403,
        "FORBIDDEN",
      );
    }
  });

  it("answers 403 FORBIDDEN for a client token on every admin route", async () => {
    const { call, clientToken } = await harness();
    for (const [method, path, body] of adminRoutes) {
      const res = await call(method, path, { token: clientToken, json: body });
      const error = await expectError(res, 403, "FORBIDDEN");
      expect(error.error.message).toContain("admin");
    }
  });

  it("lets client and admin tokens of the gateway use the sync routes", async () => {
    const { call, clientToken, adminToken } = await harness();
    for (const t of [clientToken, adminToken]) {
      for (const [method, path, body] of syncRoutes) {
        expect((await call(method, path, { token: t, json: body })).status).toBe(200);
      }
    }
  });

  it("checks the token before reading the body", async () => {
    const { call } = await harness();
    const res = await call("POST", `/admin/connectors/${GW}`, {
      token: null,
      body: "x".repeat(2 * 1024 * 1024),
      headers: { "content-type": "application/json" },
    });
    await expectError(res, 401, "UNAUTHORIZED");
  });

  it("leaves GET /connectors/types, /health and /openapi.json open", async () => {
    const { call } = await harness();
    for (const path of ["/connectors/types", "/health", "/openapi.json"]) {
      expect((await call("GET", path, { token: null })).status).toBe(200);
    }
  });

  it("never logs a token", async () => {
    const { call, logs, adminToken, clientToken } = await harness();
    await call("GET", `/admin/connectors/${GW}`);
    await call("GET", `/admin/connectors/${GW}`, { token: clientToken });
    await call("GET", `/admin/connectors/${GW}`, { token: `${adminToken}x` });
    const logged = JSON.stringify(logs);
    expect(logs).toHaveLength(3);
    for (const t of [adminToken, clientToken]) expect(logged).not.toContain(t.split(".")[2]);
  });
});

describe("auth with a JWKS that cannot be fetched", () => {
  it("answers 502 UPSTREAM_ERROR, not 401", async () => {
    const app = createGatewayApp({
      host: new MemoryGatewayHost(),
      auth: createTokenVerifier({
        jwksUrl: "https://issuer.test/jwks.json",
        fetch: async () => new Response("down", { status: 503 }),
      }),
    });
    const header = b64url({ alg: "ES256", kid: "k" });
    const payload = b64url({ sub: "a", gw: GW, role: "admin", exp: 9e9 });
    const res = await app.request(`/admin/connectors/${GW}`, {
      headers: { authorization: `Bearer ${header}.${payload}.c2ln` },
    });
    await expectError(res, 502, "UPSTREAM_ERROR");
  });
});

describe("bearerToken", () => {
  it("reads the token of a Bearer header", () => {
    expect(bearerToken("Bearer abc.def.ghi")).toBe("abc.def.ghi");
    expect(bearerToken("BEARER  abc ")).toBe("abc");
    expect(bearerToken(undefined)).toBeUndefined();
    expect(bearerToken("Bearer")).toBeUndefined();
    expect(bearerToken("Basic abc")).toBeUndefined();
    expect(bearerToken("Bearer a b")).toBeUndefined();
  });
});
