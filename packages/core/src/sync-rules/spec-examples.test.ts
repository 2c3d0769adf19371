import { describe, expect, it } from "vitest";
import { makeDelta } from "../delta/make-delta.js";
import { specJiraRules, specSalesforceRules, specSyncRules } from "../testing/spec-bodies.js";
import { filterDeltas, rowMatchesRules } from "./index.js";
import type { SyncRules } from "./types.js";
import { validateSyncRules } from "./validate.js";

// The sync-rule bodies of spec/dynamic-connectors.txt, verbatim.
const JIRA_EXAMPLE = specJiraRules;
const SALESFORCE_EXAMPLE = specSalesforceRules;
const ADMIN_API_EXAMPLE = specSyncRules;

function parse(json: string): SyncRules {
  const result = validateSyncRules(JSON.parse(json));
  if (!result.ok) throw result.error;
  return result.value;
}

describe("the spec's sync rules", () => {
  it("validates each example as written", () => {
    for (const json of [JIRA_EXAMPLE, SALESFORCE_EXAMPLE, ADMIN_API_EXAMPLE]) {
      const result = validateSyncRules(JSON.parse(json));
      expect(result.ok, json).toBe(true);
    }
  });

  it("Jira: only ENG issues and comments reach the client, projects never", () => {
    const rules = parse(JIRA_EXAMPLE);
    expect(rowMatchesRules("jira_issues", { project_key: "ENG" }, rules, {})).toBe(true);
    expect(rowMatchesRules("jira_comments", { project_key: "ENG" }, rules, {})).toBe(true);
    expect(rowMatchesRules("jira_issues", { project_key: "OPS" }, rules, {})).toBe(false);
    expect(rowMatchesRules("jira_projects", { project_key: "ENG" }, rules, {})).toBe(false);
  });

  it("Salesforce: open opportunities reach everyone, accounts only their owner", () => {
    const rules = parse(SALESFORCE_EXAMPLE);
    const ada = { sub: "u1", name: "Ada Lovelace" };
    expect(rowMatchesRules("sf_opportunities", { stage_name: "Prospecting" }, rules, ada)).toBe(
      true,
    );
    expect(rowMatchesRules("sf_opportunities", { stage_name: "Closed Won" }, rules, ada)).toBe(
      false,
    );
    expect(rowMatchesRules("sf_accounts", { owner_name: "Ada Lovelace" }, rules, ada)).toBe(true);
    expect(rowMatchesRules("sf_contacts", { owner_name: "Alan Turing" }, rules, ada)).toBe(false);
    expect(rowMatchesRules("sf_accounts", { owner_name: "Ada Lovelace" }, rules, {})).toBe(false);
    expect(rowMatchesRules("sf_leads", { owner_name: "Ada Lovelace" }, rules, ada)).toBe(false);
  });

  it("admin API: each caller gets their team's issues and their own pipeline", () => {
    const rules = parse(ADMIN_API_EXAMPLE);
    const d = (table: string, rowId: string, columns: Record<string, unknown>) =>
      makeDelta(
        {
          op: "INSERT",
          table,
          rowId,
          columns: Object.entries(columns).map(([column, value]) => ({ column, value })),
        },
        "poller",
        1n,
      );
    const deltas = [
      d("jira_issues", "ENG-1", { project_key: "ENG" }),
      d("jira_issues", "OPS-1", { project_key: "OPS" }),
      d("sf_opportunities", "006A", { owner_name: "Ada" }),
      d("sf_accounts", "001B", { owner_name: "Bob" }),
      d("sf_contacts", "003A", { owner_name: "Ada" }),
    ];
    const ada = filterDeltas(deltas, rules, { sub: "u1", team: "ENG", name: "Ada" });
    expect(ada.map((x) => x.rowId)).toEqual(["ENG-1", "006A"]);
    const bob = filterDeltas(deltas, rules, { sub: "u2", team: "OPS", name: "Bob" });
    expect(bob.map((x) => x.rowId)).toEqual(["OPS-1", "001B"]);
  });
});
