import {
  type ConnectorConfig,
  registerConnectorDescriptor,
  unregisterConnectorDescriptor,
  unwrap,
  validateConnectorConfig,
} from "@lakesync/core";
import { afterEach, describe, expect, it } from "vitest";
import { REDACTED, scrubFields, scrubSecrets, secretStrings } from "./secret-scrub.js";

const valid = (input: unknown): ConnectorConfig => unwrap(validateConnectorConfig(input));

afterEach(() => {
  unregisterConnectorDescriptor("vaulty");
});

describe("secretStrings", () => {
  it("finds the secrets of built-in configs, with their usual other forms", () => {
    const jira = valid({
      name: "j",
      type: "jira",
      jira: { domain: "co", email: "bot@co.com", apiToken: "tok/en+1" },
    });
    expect(secretStrings(jira)).toEqual(["tok%2Fen%2B1", "tok/en+1"]);

    const sf = valid({
      name: "s",
      type: "salesforce",
      salesforce: {
        instanceUrl: "https://co.my.salesforce.com",
        clientId: "3MVG9",
        clientSecret: "ABC123",
        username: "bot@co.com",
        password: "pwSECURITYTOKEN",
      },
    });
    expect(secretStrings(sf).sort()).toEqual(["ABC123", "pwSECURITYTOKEN"]);

    const pg = valid({
      name: "p",
      type: "postgres",
      postgres: { connectionString: "postgres://user:p%40ss@db.example.com/app" },
    });
    expect(secretStrings(pg)).toEqual(
      expect.arrayContaining(["postgres://user:p%40ss@db.example.com/app", "p%40ss", "p@ss"]),
    );
  });

  it("finds nested secrets of custom types", () => {
    registerConnectorDescriptor({
      type: "vaulty",
      displayName: "Vaulty",
      description: "A test connector.",
      category: "api",
      configSchema: {
        type: "object",
        properties: {
          auth: {
            type: "object",
            properties: { key: { type: "string", writeOnly: true }, user: { type: "string" } },
          },
        },
      },
      ingestSchema: { type: "object" },
      outputTables: null,
    });
    const config = valid({
      name: "v",
      type: "vaulty",
      vaulty: { auth: { key: "k3y&", user: "me" } },
    });
    expect(secretStrings(config)).toEqual(["k3y%26", "k3y&"]);
  });
});

describe("scrubSecrets / scrubFields", () => {
  it("replaces every occurrence, and masks URL credentials and tokens", () => {
    const secrets = ["hunter2", "p@ss"];
    expect(scrubSecrets("auth hunter2 failed (hunter2)", secrets)).toBe(
      `auth ${REDACTED} failed (${REDACTED})`,
    );
    expect(scrubSecrets("connect postgres://u:other@db failed", [])).toBe(
      "connect postgres://***@db failed",
    );
    expect(scrubFields({ a: ["x hunter2"], e: new Error("p@ss"), n: 1 }, secrets)).toEqual({
      a: [`x ${REDACTED}`],
      e: { name: "Error", message: REDACTED },
      n: 1,
    });
  });
});
