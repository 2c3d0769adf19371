import { registerConnectorDescriptor, resetConnectorDescriptors } from "@lakesync/core";
import { afterEach, describe, expect, it } from "vitest";
import { type HttpErrorCode, httpStatusByCode } from "./errors.js";
import { harness, json } from "./testing/harness.js";

interface Operation {
  security?: unknown[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  parameters?: Array<{ name: string; in: string }>;
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Record<string, unknown>> };
}

async function openapi() {
  const { app, call } = await harness();
  const res = await call("GET", "/openapi.json", { token: null });
  expect(res.status).toBe(200);
  return { app, doc: await json<Document>(res) };
}

function refs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) refs(n, out);
  else if (typeof node === "object" && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string") out.push(value);
      else refs(value, out);
    }
  }
  return out;
}

const status = (code: HttpErrorCode) => String(httpStatusByCode[code]);

afterEach(resetConnectorDescriptors);

describe("GET /openapi.json", () => {
  it("is an OpenAPI 3.1 document listing exactly the app's routes", async () => {
    const { app, doc } = await openapi();
    expect(doc.openapi).toBe("3.1.0");
    const served = new Set(
      app.routes
        .filter((r) => r.method !== "ALL")
        .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, "{$1}")}`),
    );
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
      ),
    );
    expect([...documented].sort()).toEqual([...served].sort());
    expect(served).toEqual(
      new Set([
        "GET /health",
        "GET /openapi.json",
        "GET /connectors/types",
        "POST /admin/connectors/{gw}",
        "GET /admin/connectors/{gw}",
        "DELETE /admin/connectors/{gw}/{name}",
        "POST /admin/sync-rules/{gw}",
        "POST /admin/schema/{gw}",
        "POST /admin/flush/{gw}",
        "POST /sync/{gw}/push",
        "GET /sync/{gw}/pull",
      ]),
    );
  });

  it("documents each route's statuses with the error body schema", async () => {
    const { doc } = await openapi();
    const op = (path: string, method: string) => doc.paths[path]?.[method] as Operation;
    const register = op("/admin/connectors/{gw}", "post");
    expect(Object.keys(register.responses).sort()).toEqual(
      ["201", "400", "401", "403", "409", "413", "415", "500", "502"].sort(),
    );
    expect(Object.keys(op("/admin/connectors/{gw}/{name}", "delete").responses)).toContain(
      status("CONNECTOR_NOT_FOUND"),
    );
    const pull = op("/sync/{gw}/pull", "get");
    expect(Object.keys(pull.responses)).toEqual(
      expect.arrayContaining(["200", "400", "401", "403", "404"]),
    );
    expect(pull.parameters?.map((p) => `${p.in}:${p.name}`)).toEqual([
      "path:gw",
      "query:since",
      "query:clientId",
      "query:limit",
      "query:source",
    ]);
    const push = op("/sync/{gw}/push", "post");
    expect(Object.keys(push.responses)).toEqual(expect.arrayContaining(["200", "409", "503"]));
    expect(op("/connectors/types", "get").security).toEqual([]);
    expect(register.security).toEqual([{ bearer: [] }]);
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(ops)) {
        for (const [code, response] of Object.entries(operation.responses)) {
          if (Number(code) < 400) continue;
          expect(
            response.content?.["application/json"]?.schema,
            `${method} ${path} ${code}`,
          ).toEqual({
            $ref: "#/components/schemas/ErrorBody",
          });
        }
      }
    }
    expect(doc.components.schemas.ErrorBody).toMatchObject({
      properties: { error: { required: ["code", "message"] } },
    });
  });

  it("generates request bodies from the validating zod schemas", async () => {
    const { doc } = await openapi();
    const schemas = doc.components.schemas;
    expect(schemas.PushBody).toMatchObject({
      required: ["clientId", "deltas"],
      additionalProperties: false,
      properties: { lastSeenHlc: { default: "0" } },
    });
    expect(JSON.stringify(schemas.PushBody)).toContain('"pattern":"^\\\\d{1,20}$"');
    expect(schemas.SyncRules).toMatchObject({ required: ["buckets"] });
    expect(schemas.TableSchema).toMatchObject({ required: ["table", "columns"] });
    expect(schemas.ConnectorConfig?.oneOf).toHaveLength(5);
    expect(JSON.stringify(schemas.ConnectorConfig)).toContain('"writeOnly":true');
  });

  it("includes custom connector types in the connector config body", async () => {
    registerConnectorDescriptor({
      type: "cloudwatch",
      displayName: "CloudWatch",
      description: "AWS CloudWatch Logs connector.",
      category: "api",
      configSchema: {
        type: "object",
        properties: { region: { $ref: "#/definitions/region" } },
        definitions: { region: { type: "string", minLength: 1 } },
        required: ["region"],
      },
      ingestSchema: { type: "object" },
      outputTables: null,
    });
    const { doc } = await openapi();
    const variants = doc.components.schemas.ConnectorConfig?.oneOf as Array<{ title: string }>;
    expect(variants.map((v) => v.title)).toContain("CloudWatch");
    expect(doc.components.schemas["ConnectorConfig.cloudwatch.config.region"]).toEqual({
      type: "string",
      minLength: 1,
    });
  });

  it("has no dangling $ref", async () => {
    const { doc } = await openapi();
    for (const ref of refs(doc)) {
      const name = ref.replace(/^#\/components\/schemas\//, "");
      expect(ref.startsWith("#/components/schemas/"), ref).toBe(true);
      expect(doc.components.schemas[name], ref).toBeDefined();
    }
  });
});
