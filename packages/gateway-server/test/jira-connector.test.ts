import { afterAll, beforeAll, describe, expect, it } from "vitest";
// The connector package's own wire-format fake, served over a real port.
import { FakeJira } from "../../connector-jira/src/testing/fake-jira.js";
import { startConnectorHost } from "./support/connector-host.js";
import { serveHandler } from "./support/serve-handler.js";
import { waitFor } from "./support/wait.js";

const SECRET = "jira-connector-test-secret-of-32-bytes!!";
const GW = "my-gw";
const fake = new FakeJira({ email: "bot@mycompany.com", apiToken: "ATATT3-test-token-xyz" });
let jiraServer: Awaited<ReturnType<typeof serveHandler>>;
let baseUrl: string;
let gateway: Awaited<ReturnType<typeof startConnectorHost>>;

beforeAll(async () => {
  const t = Date.parse("2024-03-01T09:00:00Z");
  fake.addProject({ key: "ENG", name: "Engineering", projectTypeKey: "software", lead: "Ada" });
  fake.addProject({ key: "OPS", name: "Operations", projectTypeKey: "business", lead: "Bo" });
  fake.putIssue({ key: "ENG-1", updated: t, summary: "First" });
  fake.putIssue({ key: "ENG-2", updated: t + 60_000, summary: "Second" });
  fake.putIssue({ key: "OPS-1", updated: t + 120_000, summary: "Ops" });
  fake.addComment("ENG-1", "Looks good", t + 1000);
  jiraServer = await serveHandler((request) => fake.handle(request));
  baseUrl = jiraServer.url;

  gateway = await startConnectorHost(SECRET, GW);
}, 120_000);

afterAll(async () => {
  await gateway?.shutdown();
  await jiraServer?.close();
});

const token = (role: "admin" | "client", claims: Record<string, unknown> = {}) =>
  gateway.token(role, claims);
const call = (method: string, path: string, bearer: string, body?: unknown) =>
  gateway.call(method, path, bearer, body);

async function pulled(bearer: string): Promise<string[]> {
  const res = await call("GET", `/sync/${GW}/pull?since=0&limit=1000`, bearer);
  const page = JSON.parse(res.text) as { deltas: { table: string; rowId: string }[] };
  return page.deltas.map((d) => `${d.table}/${d.rowId}`).sort();
}

describe("a Jira connector through the admin API and the server host", () => {
  it("registers the spec's body, syncs the three tables and filters them by project_key", async () => {
    const admin = await token("admin");
    const registered = await call("POST", `/admin/connectors/${GW}`, admin, {
      name: "jira-eng",
      type: "jira",
      jira: {
        domain: "mycompany",
        email: "bot@mycompany.com",
        apiToken: "ATATT3-test-token-xyz",
        jql: "project = ENG OR project = OPS",
        includeComments: true,
        includeProjects: true,
        baseUrl,
      },
      ingest: { intervalMs: 30000 },
    });
    expect(registered.status).toBe(201);

    const reader = await token("client");
    const all = await waitFor("the first Jira poll", async () => {
      const rows = await pulled(reader);
      return rows.length === 6 ? rows : undefined;
    });
    expect(all).toEqual([
      "jira_comments/ENG-1:10000",
      "jira_issues/ENG-1",
      "jira_issues/ENG-2",
      "jira_issues/OPS-1",
      "jira_projects/ENG",
      "jira_projects/OPS",
    ]);
    // The user's JQL went out parenthesised.
    expect(fake.searchedJql[0]).toContain("(project = ENG OR project = OPS)");

    const rules = await call("POST", `/admin/sync-rules/${GW}`, admin, {
      buckets: [
        {
          name: "eng-issues",
          filters: [{ column: "project_key", op: "eq", value: "ENG" }],
          tables: ["jira_issues", "jira_comments"],
        },
      ],
    });
    expect(rules.status).toBe(200);
    expect(await pulled(reader)).toEqual([
      "jira_comments/ENG-1:10000",
      "jira_issues/ENG-1",
      "jira_issues/ENG-2",
    ]);

    const list = await call("GET", `/admin/connectors/${GW}`, admin);
    expect(JSON.parse(list.text)).toMatchObject([
      { name: "jira-eng", type: "jira", hasIngest: true, isPolling: true, state: "polling" },
    ]);
    expect(list.text).not.toContain("ATATT3-test-token-xyz");
    expect((await call("DELETE", `/admin/connectors/${GW}/jira-eng`, admin)).status).toBe(200);
  });
});
