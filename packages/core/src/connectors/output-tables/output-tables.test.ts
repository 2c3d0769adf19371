import { describe, expect, it } from "vitest";
import { validateTableSchema } from "../../schema/index.js";
import { jiraOutputTables } from "./jira.js";
import { salesforceOutputTables } from "./salesforce.js";

const all = [...jiraOutputTables, ...salesforceOutputTables];

function columns(table: string): Record<string, string> {
  const schema = all.find((t) => t.table === table);
  if (!schema) throw new Error(`no table ${table}`);
  return Object.fromEntries(schema.columns.map((c) => [c.name, c.type]));
}

/** The sync-rule examples of the spec: the columns they filter on, and the tables. */
const specRuleFilters: Array<[string, string[]]> = [
  ["project_key", ["jira_issues", "jira_comments"]],
  ["stage_name", ["sf_opportunities"]],
  ["owner_name", ["sf_accounts", "sf_contacts", "sf_opportunities"]],
];

describe("output tables", () => {
  it("are valid table schemas", () => {
    for (const table of all) expect(validateTableSchema(table).ok, table.table).toBe(true);
  });

  it("have the columns the spec's sync-rule examples filter on", () => {
    for (const [column, tables] of specRuleFilters) {
      for (const table of tables)
        expect(columns(table)[column], `${table}.${column}`).toBe("string");
    }
  });

  it("cover the spec's jira table descriptions", () => {
    expect(columns("jira_issues")).toMatchObject({
      key: "string",
      project_key: "string",
      summary: "string",
      status: "string",
      priority: "string",
      issue_type: "string",
      assignee: "string",
      reporter: "string",
      labels: "json",
      created: "timestamp",
      updated: "timestamp",
    });
    expect(columns("jira_comments")).toMatchObject({
      issue_key: "string",
      body: "string",
      author: "string",
      created: "timestamp",
      updated: "timestamp",
    });
    expect(columns("jira_projects")).toEqual({
      key: "string",
      name: "string",
      project_type: "string",
      lead: "string",
    });
  });

  it("cover the spec's salesforce table descriptions", () => {
    expect(columns("sf_accounts")).toMatchObject({
      name: "string",
      industry: "string",
      billing_city: "string",
      annual_revenue: "number",
      number_of_employees: "number",
      owner_id: "string",
      last_modified_date: "timestamp",
    });
    expect(columns("sf_contacts")).toMatchObject({
      first_name: "string",
      email: "string",
      account_id: "string",
      mailing_country: "string",
    });
    expect(columns("sf_opportunities")).toMatchObject({
      amount: "number",
      close_date: "timestamp",
      probability: "number",
      is_closed: "boolean",
      is_won: "boolean",
      lead_source: "string",
    });
    expect(columns("sf_leads")).toMatchObject({
      company: "string",
      status: "string",
      is_converted: "boolean",
      converted_account_id: "string",
      converted_contact_id: "string",
      converted_opportunity_id: "string",
    });
  });

  it("are frozen", () => {
    expect(Object.isFrozen(jiraOutputTables)).toBe(true);
    expect(Object.isFrozen(salesforceOutputTables[0]?.columns[0])).toBe(true);
  });
});
