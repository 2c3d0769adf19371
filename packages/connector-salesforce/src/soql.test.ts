import { getConnectorDescriptor } from "@lakesync/core";
import { describe, expect, it } from "vitest";
import { enabledEntities, SALESFORCE_ENTITIES } from "./entities.js";
import { normalizeSalesforceValue } from "./mapping.js";
import { buildSoql, formatSoqlDateTime } from "./soql.js";
import { parseSoql } from "./testing/soql-eval.js";

const account = SALESFORCE_ENTITIES[0] ?? SALESFORCE_ENTITIES[1];

describe("SOQL of a poll", () => {
  it("formats date-time literals in UTC, whole seconds, unquoted", () => {
    expect(formatSoqlDateTime(Date.parse("2024-01-02T03:04:05.678Z"))).toBe("2024-01-02T03:04:05Z");
  });

  it("selects Id, IsDeleted and one field per column, Owner.Name included", () => {
    if (!account) throw new Error("no entity");
    const soql = buildSoql(account, {});
    expect(soql).toMatch(
      /^SELECT Id, IsDeleted, Name, .*, OwnerId, Owner\.Name, CreatedDate, LastModifiedDate FROM Account ORDER BY LastModifiedDate ASC$/,
    );
    expect(parseSoql(soql).fields.length).toBe(account.columns.length + 2);
  });

  it("parenthesises the filter (a leading WHERE dropped) and asks from a second before the cursor", () => {
    if (!account) throw new Error("no entity");
    const soql = buildSoql(account, {
      filter: " WHERE Type = 'Customer' OR Type = 'Partner' ",
      since: "2024-01-02T03:04:05.000Z",
    });
    expect(soql).toMatch(
      / FROM Account WHERE \(Type = 'Customer' OR Type = 'Partner'\) AND LastModifiedDate > 2024-01-02T03:04:04Z ORDER BY LastModifiedDate ASC$/,
    );
    expect(parseSoql(soql).where).not.toBeNull();
  });

  it("maps exactly the columns of core's tables, which the descriptor publishes", () => {
    const published = getConnectorDescriptor("salesforce")?.outputTables ?? [];
    expect(published.map((t) => t.table)).toEqual(SALESFORCE_ENTITIES.map((e) => e.schema.table));
    for (const entity of SALESFORCE_ENTITIES) {
      const table = published.find((t) => t.table === entity.schema.table);
      expect(entity.columns.map(([column]) => column)).toEqual(table?.columns.map((c) => c.name));
    }
  });

  it("enables every entity unless its flag is false", () => {
    expect(enabledEntities({}).map((e) => e.sobject)).toEqual([
      "Account",
      "Contact",
      "Opportunity",
      "Lead",
    ]);
    expect(
      enabledEntities({ includeContacts: false, includeLeads: false }).map((e) => e.sobject),
    ).toEqual(["Account", "Opportunity"]);
  });

  it("normalises Salesforce date-times to ISO UTC and keeps dates and other values", () => {
    expect(normalizeSalesforceValue("2024-01-02T03:04:05.000+0000")).toBe(
      "2024-01-02T03:04:05.000Z",
    );
    expect(normalizeSalesforceValue("2024-01-02T05:04:05.000+0200")).toBe(
      "2024-01-02T03:04:05.000Z",
    );
    expect(normalizeSalesforceValue("2024-03-31")).toBe("2024-03-31");
    expect(normalizeSalesforceValue(undefined)).toBeNull();
    expect(normalizeSalesforceValue(42)).toBe(42);
  });
});
