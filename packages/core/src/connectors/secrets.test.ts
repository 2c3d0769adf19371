import { afterEach, describe, expect, it } from "vitest";
import { registerConnectorDescriptor, resetConnectorDescriptors } from "./registry.js";
import { findSecretPaths, joinSecretPath } from "./secret-paths.js";
import { redactConnectorConfig, secretFields } from "./secrets.js";
import type { ConnectorConfig } from "./types.js";
import { validateConnectorConfig } from "./validate.js";

afterEach(resetConnectorDescriptors);

function valid(input: unknown): ConnectorConfig {
  const result = validateConnectorConfig(input);
  if (!result.ok) throw result.error;
  return result.value;
}

describe("secretFields", () => {
  it("lists the built-in secrets from the descriptors' JSON Schemas", () => {
    expect(secretFields("postgres")).toEqual(["postgres.connectionString"]);
    expect(secretFields("mysql")).toEqual(["mysql.connectionString"]);
    expect(secretFields("bigquery")).toEqual([]);
    expect(secretFields("jira")).toEqual(["jira.apiToken"]);
    expect(secretFields("salesforce")).toEqual(["salesforce.clientSecret", "salesforce.password"]);
  });

  it("is empty for an unknown type", () => {
    expect(secretFields("nope")).toEqual([]);
  });

  it("finds secrets of custom types, nested, in arrays, maps, unions and refs", () => {
    registerConnectorDescriptor({
      type: "vault",
      displayName: "Vault",
      description: "A test connector.",
      category: "api",
      configSchema: {
        type: "object",
        definitions: { cred: { type: "string", writeOnly: true } },
        properties: {
          token: { $ref: "#/definitions/cred" },
          auth: { type: "object", properties: { key: { type: "string", format: "password" } } },
          endpoints: {
            type: "array",
            items: { type: "object", properties: { secret: { $ref: "#/definitions/cred" } } },
          },
          headers: { type: "object", additionalProperties: { type: "string", writeOnly: true } },
          mode: {
            oneOf: [
              { type: "object", properties: { password: { type: "string", writeOnly: true } } },
              { type: "object", properties: { cert: { type: "string" } } },
            ],
          },
          region: { type: "string" },
        },
      },
      ingestSchema: {
        type: "object",
        properties: { webhookSecret: { type: "string", writeOnly: true } },
      },
      outputTables: null,
    });
    expect(secretFields("vault")).toEqual([
      "vault.token",
      "vault.auth.key",
      "vault.endpoints[].secret",
      "vault.headers.*",
      "vault.mode.password",
      "ingest.webhookSecret",
    ]);
  });

  it("follows recursive refs a bounded number of times", () => {
    const schema = {
      definitions: {
        node: {
          type: "object",
          properties: { child: { $ref: "#/definitions/node" }, pin: { writeOnly: true } },
        },
      },
      $ref: "#/definitions/node",
    };
    expect(findSecretPaths(schema).map(joinSecretPath).sort()).toEqual([
      "child.child.child.pin",
      "child.child.pin",
      "child.pin",
      "pin",
    ]);
  });
});

describe("redactConnectorConfig", () => {
  const sf = valid({
    type: "salesforce",
    name: "sf",
    salesforce: {
      instanceUrl: "https://co.my.salesforce.com",
      clientId: "id",
      clientSecret: "s3cr3t",
      username: "u",
      password: "pw+token",
    },
    ingest: { intervalMs: 30000 },
  });

  it("removes every secret and keeps the rest", () => {
    const redacted = redactConnectorConfig(sf);
    expect(redacted.salesforce).not.toHaveProperty("clientSecret");
    expect(redacted.salesforce).not.toHaveProperty("password");
    expect(redacted.salesforce).toMatchObject({ clientId: "id", username: "u" });
    expect(redacted.ingest).toEqual(sf.ingest);
    expect(JSON.stringify(redacted)).not.toMatch(/s3cr3t|pw\+token/);
  });

  it("can mask secrets instead", () => {
    const redacted = redactConnectorConfig(sf, { replaceWith: "********" });
    expect(redacted.salesforce).toMatchObject({ clientSecret: "********", password: "********" });
  });

  it("does not modify its input", () => {
    const before = structuredClone(sf);
    redactConnectorConfig(sf);
    expect(sf).toEqual(before);
  });

  it("redacts connection strings", () => {
    const pg = valid({
      type: "postgres",
      name: "pg",
      postgres: { connectionString: "postgres://u:p@h/db" },
    });
    expect(redactConnectorConfig(pg)).toEqual({ type: "postgres", name: "pg", postgres: {} });
  });

  it("redacts secrets in arrays and maps of custom types", () => {
    registerConnectorDescriptor({
      type: "multi",
      displayName: "Multi",
      description: "A test connector.",
      category: "api",
      configSchema: {
        type: "object",
        properties: {
          keys: { type: "array", items: { type: "string", writeOnly: true } },
          headers: { type: "object", additionalProperties: { type: "string", format: "password" } },
        },
      },
      ingestSchema: {},
      outputTables: null,
    });
    const config = valid({
      type: "multi",
      name: "m",
      multi: { keys: ["a", "b"], headers: { Authorization: "Bearer x" } },
    });
    expect(redactConnectorConfig(config, { replaceWith: "***" }).multi).toEqual({
      keys: ["***", "***"],
      headers: { Authorization: "***" },
    });
  });

  it("keeps only type and name when the type has no descriptor", () => {
    const config = { type: "gone", name: "g", gone: { apiKey: "secret" } } as ConnectorConfig;
    expect(redactConnectorConfig(config)).toEqual({ type: "gone", name: "g" });
  });
});
