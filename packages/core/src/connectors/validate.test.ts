import { describe, expect, expectTypeOf, it } from "vitest";
import type { ValidationError } from "../errors/index.js";
import type { Result } from "../result/index.js";
import { specConnectorBodies } from "../testing/spec-bodies.js";
import { isConnectorConfigOfType } from "./narrow.js";
import type { ConnectorConfig, JiraConnectorConfigFull } from "./types.js";
import { validateConnectorConfig } from "./validate.js";

/** Every register body of the spec (POST /admin/connectors/:gw), verbatim. */
const specBodies: Record<string, string> = specConnectorBodies;

function ok(input: unknown): ConnectorConfig & Record<string, unknown> {
  const result = validateConnectorConfig(input);
  if (!result.ok) throw new Error(`expected valid, got: ${result.error.message}`);
  return result.value as ConnectorConfig & Record<string, unknown>;
}

function fail(input: unknown): ValidationError {
  const result = validateConnectorConfig(input);
  if (result.ok) throw new Error(`expected invalid, got ${JSON.stringify(result.value)}`);
  return result.error;
}

function messages(input: unknown): string[] {
  return fail(input).issues.map((i) => i.message);
}

const pg = { type: "postgres", name: "pg", postgres: { connectionString: "postgres://h/db" } };
const jira = { type: "jira", name: "j", jira: { domain: "co", email: "a@b.c", apiToken: "t" } };
const sf = {
  type: "salesforce",
  name: "sf",
  salesforce: {
    instanceUrl: "https://co.my.salesforce.com",
    clientId: "id",
    clientSecret: "secret",
    username: "u",
    password: "p",
  },
};
const bq = { type: "bigquery", name: "bq", bigquery: { projectId: "p", dataset: "d" } };
const cursorTable = {
  table: "events",
  query: "SELECT * FROM events",
  strategy: { type: "cursor", cursorColumn: "updated_at" },
};

describe("validateConnectorConfig: the spec's register bodies", () => {
  // "my-pg" has "..." for its connection string: a placeholder, never a connection string.
  const { myPg, ...complete } = specBodies;
  for (const [title, body] of Object.entries(complete)) {
    it(`accepts "${title}" verbatim`, () => {
      const input: unknown = JSON.parse(body);
      const config = ok(input);
      expect(config.name).toBe((input as { name: string }).name);
      expect(config.type).toBe((input as { type: string }).type);
    });
  }

  it('refuses "myPg" verbatim: its "..." is named as no connection string', () => {
    expect(messages(JSON.parse(myPg as string))).toEqual([
      "postgres.connectionString must be a postgres:// URL or keyword/value pairs (host=... port=... dbname=... user=...)",
    ]);
  });
});

describe("validateConnectorConfig: defaults", () => {
  it("applies Jira defaults", () => {
    const config = ok(jira);
    expect(config.jira).toEqual({
      domain: "co",
      email: "a@b.c",
      apiToken: "t",
      includeComments: true,
      includeProjects: true,
    });
    expect(config).not.toHaveProperty("ingest");
  });

  it("applies Salesforce defaults", () => {
    expect(ok(sf).salesforce).toMatchObject({
      apiVersion: "62.0",
      isSandbox: false,
      includeAccounts: true,
      includeContacts: true,
      includeOpportunities: true,
      includeLeads: true,
    });
  });

  it("keeps explicit values over defaults", () => {
    const config = ok({
      ...sf,
      salesforce: { ...sf.salesforce, apiVersion: "59.0", isSandbox: true, includeLeads: false },
    });
    expect(config.salesforce).toMatchObject({
      apiVersion: "59.0",
      isSandbox: true,
      includeLeads: false,
    });
  });

  it("applies ingest defaults for an API connector", () => {
    expect(ok({ ...jira, ingest: {} }).ingest).toEqual({ intervalMs: 30_000, chunkSize: 500 });
  });

  it("applies ingest and table defaults for a database connector", () => {
    expect(ok({ ...bq, ingest: { tables: [cursorTable] } }).ingest).toEqual({
      intervalMs: 30_000,
      chunkSize: 500,
      tables: [{ ...cursorTable, rowIdColumn: "id" }],
    });
  });

  it("has no memoryBudgetBytes default (no limit)", () => {
    expect(ok({ ...jira, ingest: { intervalMs: 1000 } }).ingest).not.toHaveProperty(
      "memoryBudgetBytes",
    );
  });

  it("returns only type, name, the block and ingest", () => {
    expect(Object.keys(ok({ ...bq, ingest: { tables: [cursorTable] } }))).toEqual([
      "type",
      "name",
      "bigquery",
      "ingest",
    ]);
  });

  it("does not modify its input", () => {
    const input = structuredClone(jira);
    ok(input);
    expect(input).toEqual(jira);
  });
});

describe("validateConnectorConfig: required fields", () => {
  const cases: Array<[string, Record<string, unknown>, string[]]> = [
    ["postgres", { type: "postgres", name: "x", postgres: {} }, ["postgres.connectionString"]],
    ["mysql", { type: "mysql", name: "x", mysql: {} }, ["mysql.connectionString"]],
    [
      "bigquery",
      { type: "bigquery", name: "x", bigquery: {} },
      ["bigquery.projectId", "bigquery.dataset"],
    ],
    ["jira", { type: "jira", name: "x", jira: {} }, ["jira.domain", "jira.email", "jira.apiToken"]],
    [
      "salesforce",
      { type: "salesforce", name: "x", salesforce: {} },
      [
        "salesforce.instanceUrl",
        "salesforce.clientId",
        "salesforce.clientSecret",
        "salesforce.username",
        "salesforce.password",
      ],
    ],
  ];
  for (const [type, input, paths] of cases) {
    it(`names every missing ${type} field`, () => {
      const error = fail(input);
      expect(error.code).toBe("INVALID_CONFIG");
      expect(error.issues.map((i) => i.path)).toEqual(paths);
      expect(error.issues.map((i) => i.message)).toEqual(paths.map((p) => `${p} is required`));
      for (const p of paths) expect(error.message).toContain(`${p} is required`);
    });
  }

  it("reports a missing block as '<type> is required'", () => {
    expect(messages({ type: "postgres", name: "x" })).toEqual(["postgres is required"]);
    expect(messages({ type: "jira", name: "x" })).toEqual(["jira is required"]);
  });

  it("reports a missing name and type", () => {
    expect(messages({ postgres: { connectionString: "x" } })).toEqual([
      "name is required",
      "type is required (known types: postgres, mysql, bigquery, jira, salesforce)",
    ]);
  });

  it("rejects empty required strings", () => {
    expect(messages({ ...jira, jira: { domain: "", email: "", apiToken: "" } })).toEqual([
      "jira.domain must not be empty",
      "jira.email must not be empty",
      "jira.apiToken must not be empty",
    ]);
  });

  it("rejects a body that is not an object", () => {
    for (const body of [null, "postgres", 42, [pg], undefined]) {
      const error = fail(body);
      expect(error.code).toBe("INVALID_CONFIG");
      expect(error.issues).toEqual([{ path: "", message: "body must be an object" }]);
    }
  });
});

describe("validateConnectorConfig: name", () => {
  it("accepts letters, digits, '.', '_' and '-' up to 64 characters", () => {
    ok({ ...pg, name: "a".repeat(64) });
    ok({ ...pg, name: "Prod_DB-2.eu" });
  });

  const bad: Array<[string, unknown, string]> = [
    ["empty", "", "name must not be empty"],
    ["65 characters", "a".repeat(65), "name must be at most 64 characters"],
    ["spaces", "my db", "name must contain only letters, digits, '.', '_' and '-'"],
    ["a slash", "a/b", "name must contain only letters, digits, '.', '_' and '-'"],
    ["only dots", "..", "name must not consist only of dots"],
    ["a number", 42, "name must be a string"],
  ];
  for (const [what, name, message] of bad) {
    it(`rejects a name with ${what}`, () => {
      expect(fail({ ...pg, name }).issues).toEqual([{ path: "name", message }]);
    });
  }
});

describe("validateConnectorConfig: field checks", () => {
  it("reports wrong types with their paths", () => {
    expect(
      messages({
        ...jira,
        jira: { domain: "co", email: "e", apiToken: 5, includeComments: "yes", jql: null },
      }),
    ).toEqual([
      "jira.apiToken must be a string",
      "jira.jql must be a string",
      "jira.includeComments must be a boolean",
    ]);
  });

  it("reports a block of the wrong type", () => {
    expect(messages({ ...pg, postgres: "postgres://h/db" })).toEqual([
      "postgres must be an object",
    ]);
  });

  it("reports unknown fields in the block (strict)", () => {
    expect(
      messages({ ...pg, postgres: { connectionString: "postgres://h/db", connectionstring: "y" } }),
    ).toEqual(["postgres.connectionstring is not a known field"]);
  });

  it("checks a PostgreSQL connection string's form without repeating it", () => {
    const problem = (connectionString: string) =>
      messages({ ...pg, postgres: { connectionString } });
    expect(problem("http://u:s3cret@h/db")).toEqual([
      "postgres.connectionString must start with postgres:// or postgresql:// (or be keyword/value pairs, host=... dbname=...), not http://",
    ]);
    expect(problem("postgres://u:s3cret@h/db?sslmode=bogus")).toEqual([
      'postgres.connectionString must use an sslmode of disable, allow, prefer, require, verify-ca, verify-full, not "bogus"',
    ]);
    expect(problem("host=h password='s3cret")).toEqual([
      "postgres.connectionString must close every quoted value",
    ]);
    expect(
      ok({ ...pg, postgres: { connectionString: "host=h dbname=app sslmode=require" } }).name,
    ).toBe("pg");
    expect(
      ok({ ...pg, postgres: { connectionString: "postgresql://h/db?sslmode=verify-full" } }).name,
    ).toBe("pg");
  });

  it("reports unknown top-level fields, with a hint for a flattened block", () => {
    expect(fail({ type: "postgres", name: "x", connectionString: "y", mysql: {} }).issues).toEqual([
      {
        path: "connectionString",
        message: "connectionString is not a known field (did you mean postgres.connectionString?)",
      },
      { path: "mysql", message: "mysql is not a known field" },
      { path: "postgres", message: "postgres is required" },
    ]);
  });

  it("requires mysql:// for MySQL", () => {
    expect(
      messages({ type: "mysql", name: "m", mysql: { connectionString: "postgres://h" } }),
    ).toEqual(["mysql.connectionString must start with mysql://"]);
    const problem = (connectionString: string) =>
      messages({ type: "mysql", name: "m", mysql: { connectionString } });
    const invalid = [
      "mysql.connectionString must be a valid URL, e.g. mysql://user:pass@host:3306/db (a numeric port, special characters in the password percent-encoded)",
    ];
    expect(problem("mysql://app:s3cret@127.0.0.1:notaport/app")).toEqual(invalid);
    expect(problem(`mysql://app:${"s".repeat(20_000)}@h/db`)).toEqual([
      "mysql.connectionString must be at most 16,384 characters",
    ]);
    expect(problem("mysql://app:s3cret@[::1/app")).toEqual(invalid);
    expect(
      ok({ type: "mysql", name: "m", mysql: { connectionString: "mysql://a:b@h:3306/db" } }).name,
    ).toBe("m");
  });

  it("checks postgres poolSize and statementTimeoutMs", () => {
    ok({ ...pg, postgres: { ...pg.postgres, poolSize: 100, statementTimeoutMs: 0 } });
    expect(
      messages({ ...pg, postgres: { ...pg.postgres, poolSize: 0, statementTimeoutMs: 1.5 } }),
    ).toEqual([
      "postgres.poolSize must be at least 1",
      "postgres.statementTimeoutMs must be an integer",
    ]);
    expect(messages({ ...pg, postgres: { ...pg.postgres, poolSize: 101 } })).toEqual([
      "postgres.poolSize must be at most 100",
    ]);
  });

  it("checks URLs are http or https", () => {
    ok({ ...bq, bigquery: { ...bq.bigquery, apiEndpoint: "http://localhost:9050" } });
    expect(
      messages({
        ...sf,
        salesforce: { ...sf.salesforce, instanceUrl: "ftp://co", loginUrl: "not a url" },
      }),
    ).toEqual([
      "salesforce.instanceUrl must be an http:// or https:// URL",
      "salesforce.loginUrl must be an http:// or https:// URL",
    ]);
    expect(messages({ ...jira, jira: { ...jira.jira, baseUrl: "javascript:alert(1)" } })).toEqual([
      "jira.baseUrl must be an http:// or https:// URL",
    ]);
  });

  it("checks the Salesforce apiVersion format", () => {
    expect(messages({ ...sf, salesforce: { ...sf.salesforce, apiVersion: "v62" } })).toEqual([
      'salesforce.apiVersion must be a Salesforce API version such as "62.0"',
    ]);
  });

  it("takes the Jira site name only", () => {
    expect(messages({ ...jira, jira: { ...jira.jira, domain: "co.atlassian.net" } })).toEqual([
      "jira.domain must be the Atlassian site name only, e.g. mycompany for mycompany.atlassian.net",
    ]);
  });

  it("checks the BigQuery dataset name", () => {
    expect(messages({ ...bq, bigquery: { ...bq.bigquery, dataset: "a.b" } })).toEqual([
      "bigquery.dataset must contain only letters, digits and '_'",
    ]);
  });

  it("lists every problem of a bad body at once", () => {
    const error = fail({
      type: "salesforce",
      name: "bad name!",
      salesforce: { instanceUrl: "nope", clientId: "", username: 3, extra: true },
      ingest: { intervalMs: 10, tables: [] },
    });
    expect(error.issues.map((i) => i.path)).toEqual([
      "name",
      "salesforce.instanceUrl",
      "salesforce.clientId",
      "salesforce.clientSecret",
      "salesforce.username",
      "salesforce.password",
      "salesforce.extra",
      "ingest.tables",
      "ingest.intervalMs",
    ]);
  });
});

describe("validateConnectorConfig: ingest", () => {
  it("requires tables for a database connector", () => {
    expect(messages({ ...pg, ingest: { intervalMs: 30_000 } })).toEqual([
      "ingest.tables is required for database connectors: list the tables to poll",
    ]);
    expect(messages({ ...pg, ingest: { tables: [] } })).toEqual([
      "ingest.tables must not be empty",
    ]);
  });

  it("rejects tables for an API connector with a clear message", () => {
    const error = fail({ ...jira, ingest: { intervalMs: 5, tables: [cursorTable] } });
    expect(error.issues).toEqual([
      {
        path: "ingest.tables",
        message:
          "ingest.tables is not accepted: API connectors define their tables internally (jira_issues, jira_comments, jira_projects); ingest takes only intervalMs, chunkSize and memoryBudgetBytes",
      },
      { path: "ingest.intervalMs", message: "ingest.intervalMs must be at least 100" },
    ]);
  });

  it("checks interval, chunk size and memory budget bounds", () => {
    ok({ ...jira, ingest: { intervalMs: 100, chunkSize: 1, memoryBudgetBytes: 1024 } });
    ok({ ...jira, ingest: { intervalMs: 86_400_000, chunkSize: 10_000 } });
    expect(
      messages({
        ...jira,
        ingest: { intervalMs: 86_400_001, chunkSize: 0, memoryBudgetBytes: 1023 },
      }),
    ).toEqual([
      "ingest.intervalMs must be at most 86400000",
      "ingest.chunkSize must be at least 1",
      "ingest.memoryBudgetBytes must be at least 1024",
    ]);
    expect(messages({ ...jira, ingest: { chunkSize: 10_001, intervalMs: "30000" } })).toEqual([
      "ingest.intervalMs must be a number",
      "ingest.chunkSize must be at most 10000",
    ]);
  });

  it("rejects unknown ingest fields", () => {
    expect(messages({ ...jira, ingest: { interval: 1000 } })).toEqual([
      "ingest.interval is not a known field",
    ]);
  });

  it("checks each table with its index in the path", () => {
    const error = fail({
      ...bq,
      ingest: {
        tables: [
          cursorTable,
          { table: "bad name", query: "", strategy: { type: "cursor" } },
          { table: "t", query: "q", strategy: { type: "snapshot" } },
          {
            table: "u",
            query: "q",
            rowIdColumn: "",
            strategy: { type: "diff", cursorColumn: "x" },
          },
        ],
      },
    });
    expect(error.issues).toEqual([
      {
        path: "ingest.tables[1].table",
        message:
          "ingest.tables[1].table must start with a letter or '_' and contain only letters, digits and '_'",
      },
      { path: "ingest.tables[1].query", message: "ingest.tables[1].query must not be empty" },
      {
        path: "ingest.tables[1].strategy.cursorColumn",
        message: "ingest.tables[1].strategy.cursorColumn is required",
      },
      {
        path: "ingest.tables[2].strategy.type",
        message: 'ingest.tables[2].strategy.type must be one of "cursor", "diff"',
      },
      {
        path: "ingest.tables[3].rowIdColumn",
        message: "ingest.tables[3].rowIdColumn must not be empty",
      },
      {
        path: "ingest.tables[3].strategy.cursorColumn",
        message: "ingest.tables[3].strategy.cursorColumn is not a known field",
      },
    ]);
  });

  it("requires unique table names within a connector", () => {
    expect(
      messages({ ...bq, ingest: { tables: [cursorTable, { ...cursorTable, query: "SELECT 1" }] } }),
    ).toEqual(['ingest.tables[1].table must be unique: "events" is already used by tables[0]']);
  });

  it("rejects an ingest that is not an object", () => {
    expect(messages({ ...jira, ingest: null })).toEqual(["ingest must be an object"]);
  });
});

describe("validateConnectorConfig: type", () => {
  it("reports an unknown type with its own code and the known types", () => {
    const error = fail({ type: "oracle", name: "o", oracle: {} });
    expect(error.code).toBe("UNKNOWN_CONNECTOR_TYPE");
    expect(error.issues).toEqual([
      {
        path: "type",
        message:
          'type "oracle" is not a known connector type (known types: postgres, mysql, bigquery, jira, salesforce)',
      },
    ]);
  });

  it("still reports other problems next to an unknown type", () => {
    expect(fail({ type: "oracle", name: "" }).issues.map((i) => i.path)).toEqual(["name", "type"]);
  });

  it("does not take inherited properties for types or blocks", () => {
    expect(fail({ type: "constructor", name: "x" }).code).toBe("UNKNOWN_CONNECTOR_TYPE");
    expect(fail({ type: "toString", name: "x" }).code).toBe("UNKNOWN_CONNECTOR_TYPE");
  });

  it("rejects a type that is not a string", () => {
    expect(messages({ ...pg, type: 7 })).toEqual([
      "type must be a string (known types: postgres, mysql, bigquery, jira, salesforce)",
    ]);
  });
});

describe("validateConnectorConfig: types", () => {
  it("returns a ConnectorConfig that narrows to a built-in variant", () => {
    const result = validateConnectorConfig(jira);
    expectTypeOf(result).toEqualTypeOf<Result<ConnectorConfig, ValidationError>>();
    if (!result.ok) throw result.error;
    const config = result.value;
    expect(isConnectorConfigOfType(config, "jira")).toBe(true);
    expect(isConnectorConfigOfType(config, "postgres")).toBe(false);
    if (isConnectorConfigOfType(config, "jira")) {
      expectTypeOf(config).toEqualTypeOf<JiraConnectorConfigFull>();
      expectTypeOf(config.jira.includeComments).toEqualTypeOf<boolean>();
      expect(config.jira.domain).toBe("co");
    }
  });
});
