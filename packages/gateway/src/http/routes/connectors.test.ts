import {
  type ConnectorDescriptor,
  encodeHlc,
  makeDelta,
  Ok,
  registerConnectorDescriptor,
  resetConnectorDescriptors,
} from "@lakesync/core";
import { specConnectorBodies, specSecrets } from "@lakesync/core/testing";
import { afterEach, describe, expect, it } from "vitest";
import { MemoryStore } from "../../engine/memory-store.js";
import { MemoryGatewayHost, NO_POLLER_WARNING, NO_SOURCE_WARNING } from "../../host/memory-host.js";
import { type ErrorJson, GW, harness, json } from "../testing/harness.js";

const path = `/admin/connectors/${GW}`;

const cloudwatch: ConnectorDescriptor = {
  type: "cloudwatch",
  displayName: "CloudWatch",
  description: "AWS CloudWatch Logs connector.",
  category: "api",
  configSchema: {
    $schema: "http://json-schema.org/draft-07/schema#",
    type: "object",
    properties: {
      logGroupName: { type: "string" },
      region: { type: "string" },
      secretKey: { type: "string", writeOnly: true },
    },
    required: ["logGroupName", "region"],
  },
  ingestSchema: { type: "object", properties: { intervalMs: { type: "integer" } } },
  outputTables: null,
};

afterEach(resetConnectorDescriptors);

describe("GET /connectors/types", () => {
  it("lists the built-in descriptors without a token", async () => {
    const { call } = await harness();
    const res = await call("GET", "/connectors/types", { token: null });
    expect(res.status).toBe(200);
    const types = await json<ConnectorDescriptor[]>(res);
    expect(types.map((t) => t.type)).toEqual([
      "postgres",
      "mysql",
      "bigquery",
      "jira",
      "salesforce",
    ]);
    const postgres = types[0];
    expect(postgres).toMatchObject({
      displayName: "PostgreSQL",
      category: "database",
      outputTables: null,
    });
    expect(postgres?.configSchema).toMatchObject({
      $schema: "http://json-schema.org/draft-07/schema#",
      required: ["connectionString"],
    });
    expect(types[3]?.outputTables?.map((t) => t.table)).toEqual([
      "jira_issues",
      "jira_comments",
      "jira_projects",
    ]);
  });

  it("includes custom connector types", async () => {
    registerConnectorDescriptor(cloudwatch);
    const { call } = await harness();
    const types = await json<ConnectorDescriptor[]>(await call("GET", "/connectors/types"));
    expect(types.at(-1)).toMatchObject({ type: "cloudwatch", displayName: "CloudWatch" });
  });
});

describe("POST /admin/connectors/:gw", () => {
  it("registers every connector of the spec's curl examples (201)", async () => {
    // "my-pg" has "..." for its connection string, a placeholder: refused, naming the field.
    const { myPg, ...complete } = specConnectorBodies;
    for (const [key, body] of Object.entries(complete)) {
      const { call } = await harness();
      const res = await call("POST", path, { jsonText: body });
      expect(res.status, key).toBe(201);
      const answer = await json<{ registered: boolean; name: string }>(res);
      expect(answer).toMatchObject({ registered: true, name: JSON.parse(body).name });
    }
    const { call } = await harness();
    const placeholder = await call("POST", path, { jsonText: myPg });
    expect(placeholder.status).toBe(400);
    const refused = await json<{ error: { code: string; message: string } }>(placeholder);
    expect(refused.error.code).toBe("INVALID_CONFIG");
    expect(refused.error.message).toContain("postgres.connectionString must be a postgres:// URL");
  });

  it("answers exactly { registered, name } plus warnings of what the host does not run", async () => {
    const { call } = await harness();
    const pg = await call("POST", path, { jsonText: specConnectorBodies.analyticsDb });
    expect(await json(pg)).toEqual({
      registered: true,
      name: "analytics-db",
      warnings: [NO_SOURCE_WARNING],
    });
    const jira = await call("POST", path, { jsonText: specConnectorBodies.jiraEng });
    expect(await json(jira)).toEqual({
      registered: true,
      name: "jira-eng",
      warnings: [NO_POLLER_WARNING],
    });
  });

  it("answers exactly { registered: true, name } when the host opens the source", async () => {
    const host = new MemoryGatewayHost({ openSource: () => new MemoryStore() });
    const { call } = await harness({ host });
    const res = await call("POST", path, { jsonText: specConnectorBodies.usersDb });
    expect(res.status).toBe(201);
    expect(await json(res)).toEqual({ registered: true, name: "users-db" });
  });

  it("answers 409 CONNECTOR_EXISTS for a taken name, per gateway", async () => {
    const { call, token } = await harness();
    expect((await call("POST", path, { jsonText: specConnectorBodies.analyticsDb })).status).toBe(
      201,
    );
    const again = await call("POST", path, { jsonText: specConnectorBodies.analyticsDb });
    expect(again.status).toBe(409);
    const body = await json<ErrorJson>(again);
    expect(body.error.code).toBe("CONNECTOR_EXISTS");
    expect(body.error.message).toContain("analytics-db");
    const otherAdmin = await token({ role: "admin", gw: "other-gw" });
    const other = await call("POST", "/admin/connectors/other-gw", {
      token: otherAdmin,
      jsonText: specConnectorBodies.analyticsDb,
    });
    expect(other.status).toBe(201);
  });

  it("answers 400 INVALID_CONFIG with issues naming each field", async () => {
    const { call } = await harness();
    const res = await call("POST", path, {
      json: { name: "", type: "jira", jira: { domain: "mycompany", email: 5 }, extra: true },
    });
    expect(res.status).toBe(400);
    const body = await json<ErrorJson>(res);
    expect(body.error.code).toBe("INVALID_CONFIG");
    const paths = body.error.issues?.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["name", "jira.email", "jira.apiToken", "extra"]));
    expect(body.error.issues?.find((i) => i.path === "jira.apiToken")?.message).toBe(
      "jira.apiToken is required",
    );
  });

  it("answers 400 for missing fields, wrong types and non-object bodies", async () => {
    const { call } = await harness();
    const cases: Array<[unknown, string, string]> = [
      [{ name: "x", type: "postgres" }, "INVALID_CONFIG", "postgres"],
      [
        { name: "x", type: "postgres", postgres: { connectionString: 42 } },
        "INVALID_CONFIG",
        "postgres.connectionString",
      ],
      [
        { name: 7, type: "postgres", postgres: { connectionString: "x" } },
        "INVALID_CONFIG",
        "name",
      ],
      [{ type: "postgres", postgres: { connectionString: "x" } }, "INVALID_CONFIG", "name"],
      [{ name: "x", postgres: { connectionString: "x" } }, "INVALID_CONFIG", "type"],
      [
        {
          name: "x",
          type: "jira",
          jira: { domain: "a", email: "b", apiToken: "c" },
          ingest: { tables: [] },
        },
        "INVALID_CONFIG",
        "ingest.tables",
      ],
      [
        {
          name: "x",
          type: "mysql",
          mysql: { connectionString: "x" },
          ingest: { intervalMs: "fast" },
        },
        "INVALID_CONFIG",
        "ingest.tables",
      ],
      [[{ name: "x" }], "INVALID_CONFIG", ""],
      ["postgres", "INVALID_CONFIG", ""],
      [null, "INVALID_CONFIG", ""],
    ];
    for (const [input, code, field] of cases) {
      const res = await call("POST", path, { json: input });
      expect(res.status, JSON.stringify(input)).toBe(400);
      const body = await json<ErrorJson>(res);
      expect(body.error.code).toBe(code);
      expect(body.error.issues?.map((i) => i.path)).toContain(field);
    }
  });

  it("answers 400 UNKNOWN_CONNECTOR_TYPE naming the known types", async () => {
    const { call } = await harness();
    const res = await call("POST", path, { json: { name: "x", type: "oracle", oracle: {} } });
    expect(res.status).toBe(400);
    const body = await json<ErrorJson>(res);
    expect(body.error.code).toBe("UNKNOWN_CONNECTOR_TYPE");
    expect(body.error.issues?.[0]?.path).toBe("type");
    expect(body.error.message).toContain("postgres, mysql, bigquery, jira, salesforce");
  });

  it("registers a custom connector type", async () => {
    registerConnectorDescriptor(cloudwatch);
    const { call } = await harness();
    const res = await call("POST", path, {
      json: {
        name: "cw",
        type: "cloudwatch",
        cloudwatch: { logGroupName: "/aws/x", region: "eu-west-1", secretKey: "AKIA-SECRET" },
      },
    });
    expect(res.status).toBe(201);
    const list = await (await call("GET", path)).text();
    expect(list).toContain('"type":"cloudwatch"');
    expect(list).not.toContain("AKIA-SECRET");
  });

  it("never logs a request body or a secret", async () => {
    const { call, logs } = await harness();
    for (const body of Object.values(specConnectorBodies))
      await call("POST", path, { jsonText: body });
    await call("POST", path, { jsonText: specConnectorBodies.analyticsDb });
    const logged = JSON.stringify(logs);
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of specSecrets) expect(logged).not.toContain(secret);
  });
});

describe("GET /admin/connectors/:gw", () => {
  it("lists connectors with their status and no secret anywhere", async () => {
    const { call } = await harness();
    for (const body of [
      specConnectorBodies.analyticsDb,
      specConnectorBodies.jiraEng,
      specConnectorBodies.sfCrm,
      specConnectorBodies.bqEvents,
      specConnectorBodies.configDb,
    ]) {
      expect((await call("POST", path, { jsonText: body })).status).toBe(201);
    }
    const res = await call("GET", path);
    expect(res.status).toBe(200);
    const text = await res.text();
    for (const secret of specSecrets) expect(text).not.toContain(secret);
    for (const field of ["connectionString", "apiToken", "password", "clientSecret"]) {
      expect(text).not.toContain(field);
    }
    const list = JSON.parse(text) as Array<Record<string, unknown>>;
    expect(list.map((c) => [c.name, c.type, c.hasIngest, c.isPolling])).toEqual([
      ["analytics-db", "postgres", false, false],
      ["jira-eng", "jira", true, false],
      ["sf-crm", "salesforce", true, false],
      ["bq-events", "bigquery", true, false],
      ["config-db", "mysql", true, false],
    ]);
    expect(list[0]).toEqual({
      name: "analytics-db",
      type: "postgres",
      hasIngest: false,
      isPolling: false,
      state: "idle",
      lastPollAt: null,
      lastError: null,
      counters: { polls: 0, deltasPushed: 0, errors: 0 },
      warnings: [NO_SOURCE_WARNING],
    });
    expect(list[1]?.warnings).toEqual([NO_POLLER_WARNING]);
  });

  it("answers [] for a gateway without connectors", async () => {
    const { call } = await harness();
    expect(await json(await call("GET", path))).toEqual([]);
  });

  it("shows only the documented fields of a host's statuses", async () => {
    class ChattyHost extends MemoryGatewayHost {
      override async listConnectors() {
        return [
          {
            name: "pg",
            type: "postgres",
            hasIngest: false,
            isPolling: true,
            state: "polling" as const,
            lastPollAt: "2024-01-01T00:00:00.000Z",
            lastError: null,
            counters: { polls: 3, deltasPushed: 10, errors: 0 },
            config: { connectionString: "postgres://leak:leak@db/x" },
          },
        ];
      }
    }
    const { call } = await harness({ host: new ChattyHost() });
    const text = await (await call("GET", path)).text();
    expect(text).not.toContain("leak");
    expect(JSON.parse(text)[0]).toMatchObject({ state: "polling", counters: { polls: 3 } });
  });
});

describe("DELETE /admin/connectors/:gw/:name", () => {
  it("unregisters (200 { unregistered, name }), then answers 404 CONNECTOR_NOT_FOUND", async () => {
    const { call } = await harness();
    await call("POST", path, { jsonText: specConnectorBodies.analyticsDb });
    const res = await call("DELETE", `${path}/analytics-db`);
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ unregistered: true, name: "analytics-db" });
    expect(await json(await call("GET", path))).toEqual([]);
    const again = await call("DELETE", `${path}/analytics-db`);
    expect(again.status).toBe(404);
    expect(await json(again)).toEqual({
      error: {
        code: "CONNECTOR_NOT_FOUND",
        message: 'No connector named "analytics-db" on this gateway',
      },
    });
  });

  it("lets the name be registered again after unregistering", async () => {
    const { call } = await harness();
    await call("POST", path, { jsonText: specConnectorBodies.jiraEng });
    await call("DELETE", `${path}/jira-eng`);
    expect((await call("POST", path, { jsonText: specConnectorBodies.jiraEng })).status).toBe(201);
  });

  it("removes a database connector's source: pulls from it then answer 404 SOURCE_NOT_FOUND", async () => {
    const source = new MemoryStore();
    let closed = false;
    source.close = async () => {
      closed = true;
    };
    const delta = makeDelta(
      { op: "INSERT", table: "users", rowId: "u1", columns: [{ column: "name", value: "Ada" }] },
      "db",
      encodeHlc(1_700_000_000_000, 1),
    );
    expect(await source.insertDeltas([{ position: 5n, delta }])).toEqual(Ok(undefined));
    const host = new MemoryGatewayHost({ openSource: () => source });
    const { call, clientToken } = await harness({ host });
    await call("POST", path, { jsonText: specConnectorBodies.usersDb });

    const pull = `/sync/${GW}/pull?since=0&clientId=app-1&source=users-db`;
    const page = await call("GET", pull, { token: clientToken });
    expect(page.status).toBe(200);
    expect(await json(page)).toMatchObject({
      deltas: [
        { rowId: "u1", hlc: delta.hlc.toString(), columns: [{ column: "name", value: "Ada" }] },
      ],
      serverHlc: "5",
      hasMore: false,
    });

    expect((await call("DELETE", `${path}/users-db`)).status).toBe(200);
    expect(closed).toBe(true);
    const gone = await call("GET", pull, { token: clientToken });
    expect(gone.status).toBe(404);
    expect((await json<ErrorJson>(gone)).error.code).toBe("SOURCE_NOT_FOUND");
  });
});
