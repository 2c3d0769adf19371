import { afterEach, describe, expect, it } from "vitest";
import {
  getConnectorDescriptor,
  listConnectorDescriptors,
  registerConnectorDescriptor,
  resetConnectorDescriptors,
  unregisterConnectorDescriptor,
} from "./registry.js";
import type { ConnectorDescriptor } from "./types.js";
import { validateConnectorConfig } from "./validate.js";

const DRAFT_07 = "http://json-schema.org/draft-07/schema#";

/** The spec's "Config Required" column. */
const specRequired: Record<string, string[]> = {
  postgres: ["connectionString"],
  mysql: ["connectionString"],
  bigquery: ["projectId", "dataset"],
  jira: ["domain", "email", "apiToken"],
  salesforce: ["instanceUrl", "clientId", "clientSecret", "username", "password"],
};

type JsonObject = Record<string, unknown>;

function properties(schema: unknown): Record<string, JsonObject> {
  return ((schema as JsonObject).properties ?? {}) as Record<string, JsonObject>;
}

/** Every property schema in a JSON Schema, with its dotted path. */
function allProperties(schema: unknown, prefix = ""): Array<[string, JsonObject]> {
  const out: Array<[string, JsonObject]> = [];
  const node = schema as JsonObject;
  for (const [key, child] of Object.entries(properties(node))) {
    out.push([`${prefix}${key}`, child]);
    out.push(...allProperties(child, `${prefix}${key}.`));
  }
  if (node.items) out.push(...allProperties(node.items, `${prefix}[].`));
  for (const branch of (node.oneOf ?? []) as unknown[]) out.push(...allProperties(branch, prefix));
  return out;
}

const cloudwatch: ConnectorDescriptor = {
  type: "cloudwatch",
  displayName: "CloudWatch",
  description: "AWS CloudWatch Logs connector.",
  category: "api",
  configSchema: {
    $schema: DRAFT_07,
    type: "object",
    properties: {
      logGroupName: { type: "string" },
      region: { type: "string" },
    },
    required: ["logGroupName", "region"],
  },
  ingestSchema: {
    $schema: DRAFT_07,
    type: "object",
    properties: { intervalMs: { type: "integer", minimum: 1000, default: 60000 } },
    additionalProperties: false,
  },
  outputTables: null,
};

afterEach(resetConnectorDescriptors);

describe("built-in descriptors", () => {
  it("lists the five built-ins in the spec's order", () => {
    expect(listConnectorDescriptors().map((d) => [d.type, d.displayName, d.category])).toEqual([
      ["postgres", "PostgreSQL", "database"],
      ["mysql", "MySQL", "database"],
      ["bigquery", "BigQuery", "database"],
      ["jira", "Jira", "api"],
      ["salesforce", "Salesforce", "api"],
    ]);
  });

  it("uses the spec's descriptions", () => {
    expect(getConnectorDescriptor("postgres")?.description).toBe(
      "PostgreSQL relational database connector.",
    );
    expect(getConnectorDescriptor("jira")?.description).toBe(
      "Atlassian Jira Cloud issue tracker connector.",
    );
    for (const d of listConnectorDescriptors()) expect(d.description).toMatch(/^[A-Z].+\.$/);
  });

  it("has null outputTables for database connectors and tables for API connectors", () => {
    for (const type of ["postgres", "mysql", "bigquery"]) {
      expect(getConnectorDescriptor(type)?.outputTables).toBeNull();
    }
    expect(getConnectorDescriptor("jira")?.outputTables?.map((t) => t.table)).toEqual([
      "jira_issues",
      "jira_comments",
      "jira_projects",
    ]);
    expect(getConnectorDescriptor("salesforce")?.outputTables?.map((t) => t.table)).toEqual([
      "sf_accounts",
      "sf_contacts",
      "sf_opportunities",
      "sf_leads",
    ]);
  });

  for (const [type, required] of Object.entries(specRequired)) {
    describe(type, () => {
      const descriptor = getConnectorDescriptor(type);
      const configSchema = descriptor?.configSchema ?? {};
      const ingestSchema = descriptor?.ingestSchema ?? {};

      it("has draft-07 object schemas", () => {
        for (const schema of [configSchema, ingestSchema]) {
          expect(schema.$schema).toBe(DRAFT_07);
          expect(schema.type).toBe("object");
          expect(schema.additionalProperties).toBe(false);
        }
      });

      it("requires exactly the spec's Config Required fields", () => {
        expect(configSchema.required).toEqual(required);
      });

      it("describes every field", () => {
        const fields = [...allProperties(configSchema), ...allProperties(ingestSchema)];
        expect(fields.length).toBeGreaterThan(0);
        for (const [path, field] of fields) {
          expect(typeof field.description, `${type} ${path}`).toBe("string");
        }
      });

      it("is serializable as JSON without loss", () => {
        expect(JSON.parse(JSON.stringify(descriptor))).toEqual(descriptor);
      });
    });
  }

  it("marks the secret fields writeOnly password, and only them", () => {
    const secrets: Record<string, string[]> = {
      postgres: ["connectionString"],
      mysql: ["connectionString"],
      bigquery: [],
      jira: ["apiToken"],
      salesforce: ["clientSecret", "password"],
    };
    for (const [type, fields] of Object.entries(secrets)) {
      const props = properties(getConnectorDescriptor(type)?.configSchema);
      const marked = Object.entries(props)
        .filter(([, p]) => p.writeOnly === true)
        .map(([k]) => k);
      expect(marked, type).toEqual(fields);
      for (const f of fields) expect(props[f]?.format).toBe("password");
    }
  });

  it("shows defaults in the JSON Schema and leaves defaulted fields optional", () => {
    const jira = properties(getConnectorDescriptor("jira")?.configSchema);
    expect(jira.includeComments?.default).toBe(true);
    expect(jira.includeProjects?.default).toBe(true);
    const sf = properties(getConnectorDescriptor("salesforce")?.configSchema);
    expect(sf.apiVersion?.default).toBe("62.0");
    expect(sf.isSandbox?.default).toBe(false);
    expect(sf.includeLeads?.default).toBe(true);
    const ingest = getConnectorDescriptor("postgres")?.ingestSchema;
    expect(properties(ingest).intervalMs?.default).toBe(30_000);
    expect(properties(ingest).chunkSize?.default).toBe(500);
  });

  it("has the optional fields the design adds", () => {
    expect(Object.keys(properties(getConnectorDescriptor("jira")?.configSchema))).toContain(
      "baseUrl",
    );
    expect(Object.keys(properties(getConnectorDescriptor("salesforce")?.configSchema))).toContain(
      "loginUrl",
    );
    expect(Object.keys(properties(getConnectorDescriptor("bigquery")?.configSchema))).toEqual(
      expect.arrayContaining(["keyFilename", "location", "apiEndpoint"]),
    );
  });

  it("requires tables in database ingest schemas and offers only timing to API ones", () => {
    for (const type of ["postgres", "mysql", "bigquery"]) {
      const ingest = getConnectorDescriptor(type)?.ingestSchema;
      expect(ingest?.required).toEqual(["tables"]);
      expect(Object.keys(properties(ingest))).toEqual([
        "tables",
        "intervalMs",
        "chunkSize",
        "memoryBudgetBytes",
        "readTimeoutMs",
      ]);
    }
    for (const type of ["jira", "salesforce"]) {
      const ingest = getConnectorDescriptor(type)?.ingestSchema;
      expect(ingest?.required).toBeUndefined();
      expect(Object.keys(properties(ingest))).toEqual([
        "intervalMs",
        "chunkSize",
        "memoryBudgetBytes",
      ]);
    }
  });

  it("returns frozen descriptors", () => {
    const d = getConnectorDescriptor("postgres");
    expect(Object.isFrozen(d)).toBe(true);
    expect(Object.isFrozen(d?.configSchema.properties)).toBe(true);
    expect(Object.isFrozen(getConnectorDescriptor("jira")?.outputTables?.[0]?.columns)).toBe(true);
  });

  it("cannot be replaced or removed", () => {
    const jira = getConnectorDescriptor("jira") as ConnectorDescriptor;
    expect(() => registerConnectorDescriptor({ ...jira, displayName: "Mine" })).toThrow(
      'Connector type "jira" is built in and cannot be replaced',
    );
    expect(() => unregisterConnectorDescriptor("postgres")).toThrow(TypeError);
    expect(getConnectorDescriptor("jira")?.displayName).toBe("Jira");
  });

  it("round-trips: a copy of a built-in registered as a custom type validates the same way", () => {
    const sf = getConnectorDescriptor("salesforce") as ConnectorDescriptor;
    registerConnectorDescriptor({ ...sf, type: "sf2" });
    const block = {
      instanceUrl: "https://co.my.salesforce.com",
      clientId: "i",
      clientSecret: "s",
      username: "u",
      password: "p",
    };
    const result = validateConnectorConfig({ type: "sf2", name: "x", sf2: block });
    // Custom blocks are reached through the open catch-all member of the union.
    const config = result.ok ? (result.value as Record<string, unknown>) : {};
    expect(config.sf2).toMatchObject({ apiVersion: "62.0", includeLeads: true });
    const bad = validateConnectorConfig({
      type: "sf2",
      name: "x",
      sf2: { ...block, password: "" },
    });
    expect(!bad.ok && bad.error.issues.map((i) => i.path)).toEqual(["sf2.password"]);
  });
});

describe("custom descriptors", () => {
  it("appear after the built-ins and can be looked up", () => {
    registerConnectorDescriptor(cloudwatch);
    expect(listConnectorDescriptors().map((d) => d.type)).toEqual([
      "postgres",
      "mysql",
      "bigquery",
      "jira",
      "salesforce",
      "cloudwatch",
    ]);
    expect(getConnectorDescriptor("cloudwatch")).toEqual(cloudwatch);
  });

  it("are copied: later changes to the caller's object do not leak in", () => {
    const mine = structuredClone(cloudwatch);
    registerConnectorDescriptor(mine);
    mine.displayName = "Changed";
    (mine.configSchema.required as string[]).push("other");
    expect(getConnectorDescriptor("cloudwatch")).toEqual(cloudwatch);
  });

  it("validate configs of their type: base fields, block and ingest", () => {
    registerConnectorDescriptor(cloudwatch);
    const good = validateConnectorConfig({
      type: "cloudwatch",
      name: "logs",
      cloudwatch: { logGroupName: "/aws/lambda/x", region: "eu-west-1" },
      ingest: {},
    });
    expect(good.ok && good.value).toEqual({
      type: "cloudwatch",
      name: "logs",
      cloudwatch: { logGroupName: "/aws/lambda/x", region: "eu-west-1" },
      ingest: { intervalMs: 60000 },
    });

    const bad = validateConnectorConfig({
      type: "cloudwatch",
      name: "bad name",
      cloudwatch: { region: 3 },
      ingest: { intervalMs: 5, tables: [] },
      extra: 1,
    });
    expect(!bad.ok && bad.error.code).toBe("INVALID_CONFIG");
    expect(!bad.ok && bad.error.issues.map((i) => i.message)).toEqual([
      "name must contain only letters, digits, '.', '_' and '-'",
      "extra is not a known field",
      "cloudwatch.logGroupName is required",
      "cloudwatch.region must be a string",
      "ingest.tables is not accepted: API connectors define their tables internally; ingest takes only intervalMs, chunkSize and memoryBudgetBytes",
      "ingest.intervalMs must be at least 1000",
    ]);
  });

  it("report a missing block by the type's key", () => {
    registerConnectorDescriptor(cloudwatch);
    const result = validateConnectorConfig({ type: "cloudwatch", name: "logs" });
    expect(!result.ok && result.error.issues.map((i) => i.message)).toEqual([
      "cloudwatch is required",
    ]);
  });

  it("are unknown again once unregistered", () => {
    registerConnectorDescriptor(cloudwatch);
    expect(unregisterConnectorDescriptor("cloudwatch")).toBe(true);
    expect(unregisterConnectorDescriptor("cloudwatch")).toBe(false);
    const result = validateConnectorConfig({ type: "cloudwatch", name: "x", cloudwatch: {} });
    expect(!result.ok && result.error.code).toBe("UNKNOWN_CONNECTOR_TYPE");
  });

  it("replace an earlier registration of the same type, keeping its place", () => {
    registerConnectorDescriptor(cloudwatch);
    registerConnectorDescriptor({ ...cloudwatch, type: "stripe" });
    registerConnectorDescriptor({
      ...cloudwatch,
      displayName: "CloudWatch Logs",
      configSchema: { type: "object", properties: { logGroupName: { type: "string" } } },
    });
    expect(
      listConnectorDescriptors()
        .slice(5)
        .map((d) => [d.type, d.displayName]),
    ).toEqual([
      ["cloudwatch", "CloudWatch Logs"],
      ["stripe", "CloudWatch"],
    ]);
    const result = validateConnectorConfig({ type: "cloudwatch", name: "x", cloudwatch: {} });
    expect(result.ok).toBe(true);
  });

  it("accept a custom database connector using the standard ingest schema", () => {
    const pgIngest = getConnectorDescriptor("postgres")?.ingestSchema as Record<string, unknown>;
    registerConnectorDescriptor({
      ...cloudwatch,
      type: "duckdb",
      category: "database",
      configSchema: { type: "object", properties: { path: { type: "string" } } },
      ingestSchema: pgIngest,
    });
    const missing = validateConnectorConfig({ type: "duckdb", name: "d", duckdb: {}, ingest: {} });
    expect(!missing.ok && missing.error.issues.map((i) => i.message)).toEqual([
      "ingest.tables is required",
    ]);
    const good = validateConnectorConfig({
      type: "duckdb",
      name: "d",
      duckdb: { path: "/data/x.db" },
      ingest: { tables: [{ table: "t", query: "SELECT 1", strategy: { type: "diff" } }] },
    });
    expect(good.ok && good.value.ingest).toEqual({
      tables: [{ table: "t", query: "SELECT 1", rowIdColumn: "id", strategy: { type: "diff" } }],
      intervalMs: 30_000,
      chunkSize: 500,
    });
  });

  const malformed: Array<[string, unknown, string]> = [
    ["a bad type", { ...cloudwatch, type: "Cloud Watch" }, "type must be 1-64 lowercase"],
    ["a reserved type", { ...cloudwatch, type: "ingest" }, "type must not be type, name or ingest"],
    ["no displayName", { ...cloudwatch, displayName: "" }, "displayName must not be empty"],
    [
      "a bad category",
      { ...cloudwatch, category: "queue" },
      'category must be one of "database", "api"',
    ],
    [
      "a non-object configSchema",
      { ...cloudwatch, configSchema: { type: "string" } },
      "configSchema must describe an object",
    ],
    [
      "another JSON Schema draft",
      { ...cloudwatch, ingestSchema: { $schema: "https://json-schema.org/draft/2020-12/schema" } },
      "ingestSchema must be JSON Schema draft-07",
    ],
    [
      "bad outputTables",
      { ...cloudwatch, outputTables: [{ table: "x", columns: [{ name: "a", type: "date" }] }] },
      "outputTables[0].columns[0].type must be one of",
    ],
    ["an unknown field", { ...cloudwatch, icon: "x" }, "icon is not a known field"],
    [
      "a schema zod cannot convert",
      {
        ...cloudwatch,
        configSchema: { type: "object", properties: { a: { $ref: "#/definitions/missing" } } },
      },
      "configSchema cannot be used to validate configs (Reference not found",
    ],
    [
      "a function in a schema",
      { ...cloudwatch, ingestSchema: { type: "object", default: () => 1 } },
      "it must be plain JSON data",
    ],
  ];
  for (const [what, descriptor, message] of malformed) {
    it(`throw at registration on ${what}`, () => {
      expect(() => registerConnectorDescriptor(descriptor as ConnectorDescriptor)).toThrow(message);
      expect(listConnectorDescriptors()).toHaveLength(5);
    });
  }

  it("throw on a descriptor that is not an object", () => {
    expect(() => registerConnectorDescriptor(null as unknown as ConnectorDescriptor)).toThrow(
      "Invalid connector descriptor: it must be an object",
    );
  });
});
