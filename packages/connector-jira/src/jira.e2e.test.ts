import { existsSync, readFileSync } from "node:fs";
import { SyncGateway } from "@lakesync/gateway";
import { describe, expect, it } from "vitest";
import { JiraClient } from "./client/jira-client.js";
import { buildSearchJql } from "./jql.js";
import { ISSUE_FIELDS } from "./mapping.js";
import { createJiraPoller } from "./poller/jira-poller.js";
import { MemoryStateStore, materialize, pullAll } from "./testing/harness.js";

// Against the real Jira Cloud. Reads JIRA_DOMAIN, JIRA_EMAIL, JIRA_API_TOKEN and optional
// JIRA_JQL from the environment or packages/connector-jira/.env; skipped without them.
// Run: cd packages/connector-jira && bun vitest run -t "Jira E2E"

function loadDotEnv(): Record<string, string> {
  const file = new URL("../.env", import.meta.url);
  if (!existsSync(file)) return {};
  const vars: Record<string, string> = {};
  for (const line of readFileSync(file, "utf8").split(/\r?\n/)) {
    const m = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m?.[1]) continue;
    let value = (m[2] ?? "").replace(/\s+#.*$/, "");
    if (/^(["']).*\1$/.test(value)) value = value.slice(1, -1);
    vars[m[1]] = value;
  }
  return vars;
}

const fileEnv = loadDotEnv();
const env = (name: string): string | undefined => {
  const value = process.env[name] ?? fileEnv[name];
  return value === undefined || value === "" ? undefined : value;
};
const domain = env("JIRA_DOMAIN");
const email = env("JIRA_EMAIL");
const apiToken = env("JIRA_API_TOKEN");
// Without JIRA_JQL, stay to recent issues: a whole instance can be very large.
const jql = env("JIRA_JQL") ?? "updated >= -30d";
const creds = domain !== undefined && email !== undefined && apiToken !== undefined;

describe.skipIf(!creds)("Jira E2E", () => {
  const config = {
    domain: domain ?? "",
    email: email ?? "",
    apiToken: apiToken ?? "",
    jql,
    includeComments: true,
    includeProjects: true,
  };
  const client = () =>
    new JiraClient({
      baseUrl: `https://${config.domain}.atlassian.net`,
      email: config.email,
      apiToken: config.apiToken,
    });

  async function firstIssues(limit: number, since: string | null = null) {
    const keys: string[] = [];
    for await (const issue of client().searchIssues(buildSearchJql(jql, since), ISSUE_FIELDS, {
      pageSize: limit,
    })) {
      keys.push(issue.key);
      if (keys.length >= limit) break;
    }
    return keys;
  }

  it("searches issues with search/jql", async () => {
    const keys = await firstIssues(5);
    for (const key of keys) expect(key).toMatch(/^[A-Z][A-Z0-9_]*-\d+$/);
  }, 60_000);

  it("fetches the comments of an issue", async () => {
    const [key] = await firstIssues(1);
    if (!key) return;
    for await (const comment of client().issueComments(key)) {
      expect(typeof comment.id).toBe("string");
    }
  }, 60_000);

  it("lists projects", async () => {
    const keys: string[] = [];
    for await (const project of client().projects()) keys.push(project.key);
    expect(keys.length).toBeGreaterThan(0);
  }, 60_000);

  it("handles an empty result", async () => {
    expect(await firstIssues(10, "2999-01-01 00:00")).toEqual([]);
  }, 60_000);

  it("polls into a gateway and resumes incrementally", async () => {
    const gateway = new SyncGateway({ gatewayId: "jira-e2e" });
    const poller = createJiraPoller({
      config,
      target: gateway,
      state: new MemoryStateStore(),
      clientId: "ingest:jira-e2e",
      chunkSize: 100,
    });
    const first = await poller.poll();
    if (!first.ok) throw first.error;
    const { deltas, hlc } = await pullAll(gateway);
    const tables = materialize(deltas);
    expect(tables.get("jira_projects")?.size ?? 0).toBeGreaterThan(0);
    for (const [key, row] of tables.get("jira_issues") ?? []) expect(row.key).toBe(key);

    const second = await poller.poll();
    if (!second.ok) throw second.error;
    const again = (await pullAll(gateway, hlc)).deltas.filter((d) => d.table === "jira_issues");
    // Only issues edited meanwhile come again.
    expect(again.length).toBeLessThanOrEqual(tables.get("jira_issues")?.size ?? 0);
  }, 300_000);
});
