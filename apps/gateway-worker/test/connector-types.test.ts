import {
  type ConnectorDescriptor,
  listConnectorDescriptors,
  registerConnectorDescriptor,
  unregisterConnectorDescriptor,
} from "@lakesync/core";
import { afterEach, describe, expect, it } from "vitest";
import { call } from "./helpers.js";

const cloudwatch: ConnectorDescriptor = {
  type: "cloudwatch",
  displayName: "CloudWatch",
  description: "AWS CloudWatch Logs connector.",
  category: "api",
  configSchema: {
    $schema: "http://json-schema.org/draft-07/schema#",
    type: "object",
    properties: { logGroupName: { type: "string" }, region: { type: "string" } },
    required: ["logGroupName", "region"],
  },
  ingestSchema: { type: "object", properties: { intervalMs: { type: "integer" } } },
  outputTables: null,
};

afterEach(() => {
  unregisterConnectorDescriptor("cloudwatch");
});

describe("routes the Worker answers itself (no token, no Durable Object)", () => {
  it("GET /connectors/types lists the same descriptors as the server", async () => {
    const res = await call("GET", "/connectors/types");
    expect(res.status).toBe(200);
    const types = (await res.json()) as ConnectorDescriptor[];
    expect(types).toEqual(JSON.parse(JSON.stringify(listConnectorDescriptors())));
    expect(types.map((t) => t.type)).toEqual([
      "postgres",
      "mysql",
      "bigquery",
      "jira",
      "salesforce",
    ]);
    expect(types[0]?.configSchema).toMatchObject({
      $schema: "http://json-schema.org/draft-07/schema#",
      required: ["connectionString"],
    });
    expect(types[3]?.outputTables?.map((t) => t.table)).toEqual([
      "jira_issues",
      "jira_comments",
      "jira_projects",
    ]);
  });

  it("GET /connectors/types includes custom types registered at module load", async () => {
    registerConnectorDescriptor(cloudwatch);
    const types = (await (await call("GET", "/connectors/types")).json()) as ConnectorDescriptor[];
    expect(types.at(-1)).toMatchObject({ type: "cloudwatch", displayName: "CloudWatch" });
  });

  it("GET /health and GET /openapi.json need no token", async () => {
    const health = await call("GET", "/health");
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    const openapi = await call("GET", "/openapi.json");
    expect(openapi.status).toBe(200);
    expect(await openapi.json()).toMatchObject({ openapi: expect.stringMatching(/^3\./) });
  });

  it("answers unknown routes 404 and wrong methods 405 with Allow, as the server", async () => {
    const missing = await call("GET", "/nope");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: { code: "NOT_FOUND", message: "No route for GET /nope" },
    });
    const wrong = await call("PUT", "/connectors/types");
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("Allow")).toBe("GET, HEAD");
  });
});
