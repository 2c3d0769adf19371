import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LakeSyncClient } from "./client.js";
import { LakeSyncApiError, LakeSyncNetworkError } from "./errors.js";
import { insertJson, PG_URL, TestGateway, withSchema } from "./testing/test-gateway.js";

/** Every HTTP method of the client against a real gateway server on a port, store in PostgreSQL. */

const GW = "client-gw";

/** The error a promise rejects with, asserted to be a `LakeSyncApiError`. */
async function apiError(work: Promise<unknown>): Promise<LakeSyncApiError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LakeSyncApiError);
  return error as LakeSyncApiError;
}

describe("LakeSyncClient over HTTP", () => {
  const gateway = new TestGateway();
  let admin: LakeSyncClient;
  let adminToken: string;

  beforeAll(async () => {
    await gateway.start();
    adminToken = await gateway.token(GW, "admin");
    admin = new LakeSyncClient({ url: gateway.url, gatewayId: GW, token: adminToken });
  }, 60_000);

  afterAll(() => gateway.stop(), 60_000);

  it("lists connector types without a token, with their JSON Schemas", async () => {
    const anonymous = new LakeSyncClient({ url: `${gateway.url}/`, gatewayId: GW });
    const types = await anonymous.connectorTypes();
    expect(types.map((t) => t.type)).toEqual(
      expect.arrayContaining(["postgres", "mysql", "bigquery", "jira", "salesforce"]),
    );
    const jira = types.find((t) => t.type === "jira");
    expect(jira?.category).toBe("api");
    expect(jira?.configSchema).toMatchObject({ type: "object" });
  });

  it("registers, lists and unregisters a connector; 409, 400 with issues and 404 come back typed", async () => {
    const config = {
      name: "analytics-db",
      type: "postgres",
      postgres: { connectionString: withSchema(PG_URL, gateway.schema) },
    } as const;
    await expect(admin.connectors.register(config)).resolves.toEqual({
      registered: true,
      name: "analytics-db",
    });

    const list = await admin.connectors.list();
    expect(list).toEqual([
      expect.objectContaining({
        name: "analytics-db",
        type: "postgres",
        hasIngest: false,
        counters: expect.objectContaining({ polls: expect.any(Number) }),
      }),
    ]);
    expect(JSON.stringify(list)).not.toContain("postgres://");

    const exists = await apiError(admin.connectors.register(config));
    expect(exists).toMatchObject({ status: 409, code: "CONNECTOR_EXISTS" });
    expect(exists.message).toContain("analytics-db");

    const invalid = await apiError(
      admin.connectors.register({ name: "broken", type: "postgres", postgres: {} } as never),
    );
    expect(invalid.status).toBe(400);
    expect(invalid.code).toBe("INVALID_CONFIG");
    expect(invalid.issues).toEqual([
      expect.objectContaining({ path: "postgres.connectionString" }),
    ]);

    const unknownType = await apiError(
      admin.connectors.register({ name: "x", type: "nope", nope: {} }),
    );
    expect(unknownType).toMatchObject({ status: 400, code: "UNKNOWN_CONNECTOR_TYPE" });

    await expect(admin.connectors.unregister("analytics-db")).resolves.toEqual({
      unregistered: true,
      name: "analytics-db",
    });
    await expect(admin.connectors.list()).resolves.toEqual([]);
    const missing = await apiError(admin.connectors.unregister("analytics-db"));
    expect(missing).toMatchObject({ status: 404, code: "CONNECTOR_NOT_FOUND" });
  });

  it("encodes names in the path", async () => {
    const missing = await apiError(admin.connectors.unregister("a/b c?d"));
    expect(missing).toMatchObject({ status: 404, code: "CONNECTOR_NOT_FOUND" });
    expect(missing.message).toContain("a/b c?d");
  });

  it("answers 401 without or with a foreign token, 403 for a client token or another gateway", async () => {
    const noToken = new LakeSyncClient({ url: gateway.url, gatewayId: GW });
    expect(await apiError(noToken.connectors.list())).toMatchObject({
      status: 401,
      code: "UNAUTHORIZED",
    });
    const foreign = new LakeSyncClient({
      url: gateway.url,
      gatewayId: GW,
      token: await gateway.foreignToken(GW),
    });
    expect(await apiError(foreign.flush())).toMatchObject({ status: 401, code: "UNAUTHORIZED" });

    const asClient = new LakeSyncClient({
      url: gateway.url,
      gatewayId: GW,
      token: await gateway.token(GW, "client"),
    });
    expect(await apiError(asClient.connectors.list())).toMatchObject({
      status: 403,
      code: "FORBIDDEN",
    });
    const otherGateway = new LakeSyncClient({
      url: gateway.url,
      gatewayId: "other-gw",
      token: adminToken,
    });
    expect(await apiError(otherGateway.syncRules.set({ buckets: [] }))).toMatchObject({
      status: 403,
      code: "FORBIDDEN",
    });
  });

  it("sets sync rules, and names the bad field of invalid ones", async () => {
    await expect(
      admin.syncRules.set({
        buckets: [
          { name: "all", tables: ["notes"], filters: [] },
          { name: "eng", tables: ["todos"], filters: [{ column: "team", op: "eq", value: "ENG" }] },
        ],
      }),
    ).resolves.toEqual({ updated: true, buckets: 2 });
    const invalid = await apiError(
      admin.syncRules.set({
        buckets: [{ name: "x", tables: ["t"], filters: [{ column: "c", op: "like", value: 1 }] }],
      } as never),
    );
    expect(invalid).toMatchObject({ status: 400, code: "INVALID_SYNC_RULES" });
    expect(invalid.issues.map((i) => i.path)).toContain("buckets[0].filters[0].op");
    await admin.syncRules.set({ buckets: [] });
  });

  it("registers a schema and flushes; an invalid schema is 400 INVALID_SCHEMA", async () => {
    await expect(
      admin.schema.register({
        table: "todos",
        columns: [
          { name: "title", type: "string" },
          { name: "done", type: "boolean" },
        ],
      }),
    ).resolves.toEqual({ registered: true, table: "todos" });
    const invalid = await apiError(
      admin.schema.register({ table: "todos", columns: [{ name: "x", type: "money" }] } as never),
    );
    expect(invalid).toMatchObject({ status: 400, code: "INVALID_SCHEMA" });
    expect(invalid.issues.length).toBeGreaterThan(0);

    const flushed = await admin.flush();
    expect(flushed.flushed).toBe(true);
    expect(flushed.bufferStats).toEqual({
      logSize: expect.any(Number),
      indexSize: expect.any(Number),
      byteSize: expect.any(Number),
    });
  });

  it("pushes and pulls with string HLCs, and pages through every delta with pullPages", async () => {
    const gw = "paging-gw";
    const client = new LakeSyncClient({
      url: gateway.url,
      gatewayId: gw,
      token: await gateway.token(gw, "client", "app-1"),
    });
    const deltas = [1, 2, 3, 4, 5].map((n) => insertJson("app-1", "todos", `t${n}`, { n }));
    const ack = await client.push({ clientId: "app-1", deltas });
    expect(ack.accepted).toBe(5);
    expect(ack.serverHlc).toMatch(/^\d+$/);
    // Re-sent deltas are skipped.
    await expect(client.push({ clientId: "app-1", deltas })).resolves.toMatchObject({
      accepted: 0,
    });

    const first = await client.pull({ since: "0", limit: 2 });
    expect(first.deltas.map((d) => d.rowId)).toEqual(["t1", "t2"]);
    expect(first.hasMore).toBe(true);
    expect(typeof first.deltas[0]?.hlc).toBe("string");

    const pages = [];
    for await (const page of client.pullPages({ limit: 2 })) pages.push(page);
    expect(pages.map((p) => p.deltas.map((d) => d.rowId))).toEqual([
      ["t1", "t2"],
      ["t3", "t4"],
      ["t5"],
    ]);
    expect(pages.map((p) => p.hasMore)).toEqual([true, true, false]);
    const last = pages.at(-1)?.serverHlc as string;
    await expect(client.pull({ since: last })).resolves.toMatchObject({
      deltas: [],
      hasMore: false,
    });
  });

  it("types push and pull errors: INVALID_DELTA issues, CLOCK_DRIFT 409, SOURCE_NOT_FOUND 404", async () => {
    const client = new LakeSyncClient({
      url: gateway.url,
      gatewayId: GW,
      token: await gateway.token(GW, "client", "app-2"),
    });
    const good = insertJson("app-2", "todos", "x1", { title: "x" });
    const bad = await apiError(
      client.push({ clientId: "app-2", deltas: [{ ...good, hlc: "not-an-hlc" }] }),
    );
    expect(bad.status).toBe(400);
    expect(bad.issues.map((i) => i.path)).toContain("deltas[0].hlc");

    const future = ((BigInt(Date.now()) + 60_000n) << 16n).toString();
    const drift = await apiError(
      client.push({ clientId: "app-2", deltas: [{ ...good, hlc: future }] }),
    );
    expect(drift).toMatchObject({ status: 409, code: "CLOCK_DRIFT" });

    const source = await apiError(client.pull({ source: "no-such-db" }));
    expect(source).toMatchObject({ status: 404, code: "SOURCE_NOT_FOUND" });
  });

  it("pulls a database connector's delta log with source", async () => {
    await admin.connectors.register({
      name: "source-db",
      type: "postgres",
      postgres: { connectionString: withSchema(PG_URL, gateway.schema) },
    });
    try {
      const page = await admin.pull({ source: "source-db" });
      expect(page).toMatchObject({ hasMore: false });
      expect(Array.isArray(page.deltas)).toBe(true);
    } finally {
      await admin.connectors.unregister("source-db");
    }
    expect(await apiError(admin.pull({ source: "source-db" }))).toMatchObject({
      status: 404,
      code: "SOURCE_NOT_FOUND",
    });
  });

  it("calls getToken before every request, so a rotated token is used at once", async () => {
    const tokens = [
      await gateway.token(GW, "admin", "first"),
      await gateway.foreignToken(GW),
      await gateway.token(GW, "admin", "third"),
    ];
    let calls = 0;
    const client = new LakeSyncClient({
      url: gateway.url,
      gatewayId: GW,
      getToken: async () => tokens[calls++ % tokens.length] as string,
    });
    await expect(client.connectors.list()).resolves.toEqual([]);
    expect(await apiError(client.connectors.list())).toMatchObject({ status: 401 });
    await expect(client.flush()).resolves.toMatchObject({ flushed: true });
    expect(calls).toBe(3);
    // No token for the public route.
    await client.connectorTypes();
    expect(calls).toBe(3);
  });

  it("reports an unreachable server as a LakeSyncNetworkError, and aborts with the signal's reason", async () => {
    const down = new LakeSyncClient({ url: "http://127.0.0.1:9", gatewayId: GW, token: "t" });
    const error = await down.connectors.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LakeSyncNetworkError);
    expect((error as Error).message).toContain("GET http://127.0.0.1:9/admin/connectors/client-gw");
    expect((error as Error).message).not.toContain("Bearer");

    const controller = new AbortController();
    controller.abort(new Error("stop"));
    await expect(admin.connectors.list({ signal: controller.signal })).rejects.toThrow("stop");
  });

  it("uses an injected fetch, and types a non-LakeSync error page as HTTP_ERROR", async () => {
    const seen: string[] = [];
    const client = new LakeSyncClient({
      url: gateway.url,
      gatewayId: GW,
      token: adminToken,
      fetch: async (input, init) => {
        seen.push(String(input));
        if (String(input).includes("/flush/")) {
          return new Response("<html>bad gateway</html>", {
            status: 502,
            statusText: "Bad Gateway",
          });
        }
        return fetch(input, init);
      },
    });
    await client.connectors.list();
    expect(await apiError(client.flush())).toMatchObject({
      status: 502,
      code: "HTTP_ERROR",
      message: "HTTP 502 Bad Gateway",
    });
    expect(seen).toEqual([
      `${gateway.url}/admin/connectors/${GW}`,
      `${gateway.url}/admin/flush/${GW}`,
    ]);
  });

  it("throws at construction on bad options", () => {
    expect(() => new LakeSyncClient({ url: "localhost:3000", gatewayId: GW })).toThrow(TypeError);
    expect(() => new LakeSyncClient({ url: gateway.url, gatewayId: "" })).toThrow(TypeError);
    expect(
      () =>
        new LakeSyncClient({ url: gateway.url, gatewayId: GW, token: "a", getToken: () => "b" }),
    ).toThrow(TypeError);
  });
});
