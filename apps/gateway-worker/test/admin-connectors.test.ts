import { env, runInDurableObject } from "cloudflare:test";
import { createGatewayApp, createTokenVerifier, MemoryGatewayHost } from "@lakesync/gateway";
import { describe, expect, it } from "vitest";
import type { GatewayObject } from "../src/durable-object/gateway-object.js";
import { CONFIG_ONLY_WARNING, NO_POLLER_WARNING } from "../src/durable-object/worker-host.js";
import { admin, type CallOptions, call, freshGw, token } from "./helpers.js";
import { TEST_JWT_SECRET } from "./secrets.js";

const postgres = {
  name: "analytics-db",
  type: "postgres",
  postgres: { connectionString: "postgres://user:s3cr3t-pw@host/analytics" },
};
const jira = {
  name: "jira-eng",
  type: "jira",
  jira: {
    domain: "mycompany",
    email: "bot@mycompany.com",
    apiToken: "ATATT3-jira-token",
    jql: "project = ENG",
  },
  ingest: { intervalMs: 30000 },
};
const salesforce = {
  name: "sf-crm",
  type: "salesforce",
  salesforce: {
    instanceUrl: "https://mycompany.salesforce.com",
    clientId: "3MVG9-client",
    clientSecret: "ABC123-client-secret",
    username: "bot@mycompany.com",
    password: "mypasswordSECURITYTOKEN",
  },
};
const bigqueryWithIngest = {
  name: "bq-events",
  type: "bigquery",
  bigquery: { projectId: "my-project", dataset: "events_ds" },
  ingest: {
    intervalMs: 30000,
    tables: [
      {
        table: "events",
        query: "SELECT * FROM events",
        strategy: { type: "cursor", cursorColumn: "updated_at" },
      },
    ],
  },
};

describe("connector admin routes", () => {
  it("registers (201), lists without secrets, unregisters (200), then 404", async () => {
    const gw = freshGw("admin");
    const path = `/admin/connectors/${gw}`;

    const registered = await admin(gw, "POST", path, { json: postgres });
    expect(registered.status).toBe(201);
    expect(await registered.json()).toEqual({
      registered: true,
      name: "analytics-db",
      warnings: [CONFIG_ONLY_WARNING],
    });

    const list = await admin(gw, "GET", path);
    expect(list.status).toBe(200);
    const text = await list.text();
    expect(text).not.toContain("s3cr3t-pw");
    expect(text).not.toContain("connectionString");
    expect(JSON.parse(text)).toEqual([
      {
        name: "analytics-db",
        type: "postgres",
        hasIngest: false,
        isPolling: false,
        state: "idle",
        lastPollAt: null,
        lastError: null,
        counters: { polls: 0, deltasPushed: 0, errors: 0 },
        warnings: [CONFIG_ONLY_WARNING],
      },
    ]);

    const removed = await admin(gw, "DELETE", `${path}/analytics-db`);
    expect(removed.status).toBe(200);
    expect(await removed.json()).toEqual({ unregistered: true, name: "analytics-db" });
    expect(await (await admin(gw, "GET", path)).json()).toEqual([]);

    const again = await admin(gw, "DELETE", `${path}/analytics-db`);
    expect(again.status).toBe(404);
    expect(await again.json()).toEqual({
      error: {
        code: "CONNECTOR_NOT_FOUND",
        message: 'No connector named "analytics-db" on this gateway',
      },
    });
  });

  it("stores connectors that need a poller, says the worker cannot run them, never polls", async () => {
    const gw = freshGw("pollers");
    const path = `/admin/connectors/${gw}`;
    for (const body of [jira, salesforce, bigqueryWithIngest]) {
      const res = await admin(gw, "POST", path, { json: body });
      expect(res.status).toBe(201);
      const answer = (await res.json()) as { warnings: string[] };
      expect(answer.warnings).toContain(NO_POLLER_WARNING);
    }
    const list = (await (await admin(gw, "GET", path)).json()) as Record<string, unknown>[];
    expect(list.map((c) => [c.name, c.type, c.hasIngest, c.isPolling])).toEqual([
      ["jira-eng", "jira", true, false],
      ["sf-crm", "salesforce", false, false],
      ["bq-events", "bigquery", true, false],
    ]);
    for (const status of list) expect(status.warnings).toContain(NO_POLLER_WARNING);
    const text = JSON.stringify(list);
    for (const secret of ["ATATT3-jira-token", "ABC123-client-secret", "mypasswordSECURITYTOKEN"]) {
      expect(text).not.toContain(secret);
    }
  });

  it("keeps configs encrypted (AES-GCM) in Durable Object storage", async () => {
    const gw = freshGw("sealed");
    expect((await admin(gw, "POST", `/admin/connectors/${gw}`, { json: jira })).status).toBe(201);
    const stub = env.GATEWAY.get(env.GATEWAY.idFromName(gw));
    await runInDurableObject(stub, async (instance: GatewayObject, state) => {
      const rows = state.storage.sql
        .exec<{ config_encrypted: string }>("select config_encrypted from lakesync_connectors")
        .toArray();
      expect(rows).toHaveLength(1);
      const sealed = rows[0]?.config_encrypted ?? "";
      expect(sealed).toMatch(/^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
      expect(sealed).not.toContain("ATATT3");
      const opened = await instance.host.connectorConfig(gw, "jira-eng");
      expect(opened).toEqual({
        ok: true,
        value: expect.objectContaining({
          name: "jira-eng",
          jira: expect.objectContaining(jira.jira),
        }),
      });
    });
  });

  it("answers 409 for a taken name", async () => {
    const gw = freshGw("dup");
    const path = `/admin/connectors/${gw}`;
    expect((await admin(gw, "POST", path, { json: postgres })).status).toBe(201);
    const dup = await admin(gw, "POST", path, { json: postgres });
    expect(dup.status).toBe(409);
    expect(await dup.json()).toEqual({
      error: {
        code: "CONNECTOR_EXISTS",
        message: 'A connector named "analytics-db" already exists on this gateway',
      },
    });
  });
});

/**
 * Every failure is answered by the worker with the status, body and headers of the server's
 * route set (the shared createGatewayApp over a MemoryGatewayHost, in this same runtime).
 */
describe("failures answered exactly as the server answers them", () => {
  const reference = createGatewayApp({
    host: new MemoryGatewayHost(),
    auth: createTokenVerifier({ secret: TEST_JWT_SECRET }),
  });

  type Case = [label: string, build: (gw: string) => Promise<[string, string, CallOptions]>];
  const cases: Case[] = [
    ["no token", async (gw) => ["POST", `/admin/connectors/${gw}`, { json: postgres }]],
    ["a malformed token", async (gw) => ["GET", `/admin/connectors/${gw}`, { token: "not.a-jwt" }]],
    [
      "a token signed with another secret",
      async (gw) => {
        const forged = (await token({ gw })).replace(/\.[^.]+$/, ".AAAA");
        return ["GET", `/admin/connectors/${gw}`, { token: forged }];
      },
    ],
    [
      "an expired token",
      async (gw) => [
        "GET",
        `/admin/connectors/${gw}`,
        { token: await token({ gw, expiresIn: -60 }) },
      ],
    ],
    [
      "a client token on an admin route",
      async (gw) => [
        "POST",
        `/admin/connectors/${gw}`,
        { token: await token({ gw, role: "client" }), json: postgres },
      ],
    ],
    [
      "an admin token of another gateway",
      async (gw) => [
        "GET",
        `/admin/connectors/${gw}`,
        { token: await token({ gw: `${gw}-other` }) },
      ],
    ],
    [
      "a client token of another gateway on pull",
      async (gw) => [
        "GET",
        `/sync/${gw}/pull`,
        { token: await token({ gw: `${gw}-other`, role: "client" }) },
      ],
    ],
    [
      "a body that is not JSON",
      async (gw) => [
        "POST",
        `/admin/connectors/${gw}`,
        { token: await token({ gw }), jsonText: "{nope" },
      ],
    ],
    [
      "a body of another media type",
      async (gw) => [
        "POST",
        `/admin/connectors/${gw}`,
        {
          token: await token({ gw }),
          jsonText: JSON.stringify(postgres),
          headers: { "Content-Type": "text/plain" },
        },
      ],
    ],
    [
      "a body over the size limit",
      async (gw) => [
        "POST",
        `/admin/connectors/${gw}`,
        { token: await token({ gw }), json: { ...postgres, pad: "x".repeat(1024 * 1024 + 1) } },
      ],
    ],
    [
      "an empty config",
      async (gw) => ["POST", `/admin/connectors/${gw}`, { token: await token({ gw }), json: {} }],
    ],
    [
      "an unknown connector type",
      async (gw) => [
        "POST",
        `/admin/connectors/${gw}`,
        { token: await token({ gw }), json: { name: "x", type: "oracle", oracle: {} } },
      ],
    ],
    [
      "a config without its required field",
      async (gw) => [
        "POST",
        `/admin/connectors/${gw}`,
        { token: await token({ gw }), json: { name: "pg", type: "postgres", postgres: {} } },
      ],
    ],
    [
      "ingest.tables on an API connector",
      async (gw) => [
        "POST",
        `/admin/connectors/${gw}`,
        {
          token: await token({ gw }),
          json: { ...jira, ingest: { intervalMs: 1000, tables: [] } },
        },
      ],
    ],
    [
      "unregistering a missing connector",
      async (gw) => ["DELETE", `/admin/connectors/${gw}/ghost`, { token: await token({ gw }) }],
    ],
    ["a wrong method on an admin path", async (gw) => ["PUT", `/admin/connectors/${gw}`, {}]],
    ["an unknown admin route", async (gw) => ["GET", `/admin/nope/${gw}`, {}]],
    [
      "invalid sync rules",
      async (gw) => [
        "POST",
        `/admin/sync-rules/${gw}`,
        { token: await token({ gw }), json: { buckets: [{ name: "b", tables: "todos" }] } },
      ],
    ],
    [
      "an invalid table schema",
      async (gw) => [
        "POST",
        `/admin/schema/${gw}`,
        {
          token: await token({ gw }),
          json: { table: "t", columns: [{ name: "a", type: "blob" }] },
        },
      ],
    ],
    [
      "an invalid push",
      async (gw) => [
        "POST",
        `/sync/${gw}/push`,
        { token: await token({ gw, role: "client" }), json: { clientId: "app-1", deltas: [{}] } },
      ],
    ],
    [
      "an invalid pull query",
      async (gw) => [
        "GET",
        `/sync/${gw}/pull?since=abc`,
        { token: await token({ gw, role: "client" }) },
      ],
    ],
    [
      "a pull of an unknown source",
      async (gw) => [
        "GET",
        `/sync/${gw}/pull?source=analytics-db`,
        { token: await token({ gw, role: "client" }) },
      ],
    ],
  ];

  it.each(cases)("%s", async (_label, build) => {
    const gw = freshGw("parity");
    const [method, path, options] = await build(gw);
    const worker = await call(method, path, options);
    const headers: Record<string, string> = { ...options.headers };
    if (options.token !== undefined) headers.Authorization = `Bearer ${options.token}`;
    const body =
      options.jsonText ?? (options.json !== undefined ? JSON.stringify(options.json) : undefined);
    if (body !== undefined) headers["Content-Type"] ??= "application/json";
    const server = await reference.request(path, {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
    });
    expect(server.status).toBeGreaterThanOrEqual(400);
    expect(worker.status).toBe(server.status);
    expect(await worker.json()).toEqual(await server.json());
    for (const name of ["WWW-Authenticate", "Allow", "Retry-After"]) {
      expect(worker.headers.get(name)).toBe(server.headers.get(name));
    }
  });
});
