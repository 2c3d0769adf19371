import {
  jiraCommentsTable,
  jiraIssuesTable,
  jiraProjectsTable,
  type RowDelta,
} from "@lakesync/core";
import { SyncGateway } from "@lakesync/gateway";
import { describe, expect, it } from "vitest";
import { FakeJira } from "../testing/fake-jira.js";
import { FlushCountingTarget, MIN, materialize, pullAll, setup, T0 } from "../testing/harness.js";
import { createJiraPoller } from "./jira-poller.js";
import { stateKeys } from "./state-keys.js";

function seed(fake: FakeJira): void {
  fake.addProject({ key: "ENG", name: "Engineering", projectTypeKey: "software", lead: "Ada" });
  fake.addProject({ key: "OPS", name: "Operations", projectTypeKey: "service_desk", lead: "Bob" });
  fake.addProject({ key: "WEB", name: "Website", projectTypeKey: "business", lead: "Cy" });
  fake.putIssue({
    key: "ENG-1",
    updated: T0,
    summary: "Fix login",
    description: "Steps:\nopen the app",
    status: "In Progress",
    priority: "High",
    issueType: "Bug",
    assignee: "Ada",
    reporter: "Bob",
    labels: ["auth", "p1"],
    created: T0 - 86_400_000,
  });
  fake.putIssue({ key: "ENG-2", updated: T0 + 5 * MIN });
  fake.putIssue({ key: "OPS-1", updated: T0 + 10 * MIN });
  fake.addComment("ENG-1", "first", T0 + 1 * MIN, "Ada");
  fake.addComment("ENG-1", "second", T0 + 2 * MIN, "Bob");
  fake.addComment("ENG-1", "third", T0 + 3 * MIN, "Cy");
}

const byTable = (deltas: readonly RowDelta[], table: string) =>
  deltas.filter((d) => d.table === table);
const ops = (deltas: readonly RowDelta[]) =>
  deltas.map((d) => `${d.op} ${d.table} ${d.rowId}`).sort();

describe("Jira poller into a SyncGateway", () => {
  it("takes everything on the first poll, with core's tables, row ids and columns", async () => {
    const s = setup();
    seed(s.fake);
    const progress: number[] = [];
    const result = await s
      .poller({}, { chunkSize: 4, onProgress: (p) => progress.push(p.deltasPushed) })
      .poll();
    expect(result).toEqual({ ok: true, value: { deltasPushed: 3 + 3 + 3 } });
    // The host hears the count after each accepted chunk (of 4): issues and comments (6,
    // the last chunk pushed when the search ends), then projects.
    expect(progress).toEqual([4, 6, 9]);
    expect(s.fake.searchedJql).toEqual(['updated >= "1970-01-01 00:00" ORDER BY updated ASC']);

    const tables = materialize((await pullAll(s.gateway)).deltas);
    const issues = tables.get("jira_issues");
    expect([...(issues?.keys() ?? [])].sort()).toEqual(["ENG-1", "ENG-2", "OPS-1"]);
    expect(issues?.get("ENG-1")).toEqual({
      key: "ENG-1",
      project_key: "ENG",
      summary: "Fix login",
      description: "Steps:\nopen the app",
      status: "In Progress",
      priority: "High",
      issue_type: "Bug",
      assignee: "Ada",
      reporter: "Bob",
      labels: ["auth", "p1"],
      created: "2024-01-14T10:00:00.000Z",
      updated: "2024-01-15T10:03:00.000Z",
    });
    expect(Object.keys(issues?.get("ENG-2") ?? {}).sort()).toEqual(
      jiraIssuesTable.columns.map((c) => c.name).sort(),
    );

    const comments = tables.get("jira_comments");
    expect([...(comments?.keys() ?? [])].sort()).toEqual([
      "ENG-1:10000",
      "ENG-1:10001",
      "ENG-1:10002",
    ]);
    expect(comments?.get("ENG-1:10001")).toEqual({
      comment_id: "10001",
      issue_key: "ENG-1",
      project_key: "ENG",
      body: "second",
      author: "Bob",
      created: "2024-01-15T10:02:00.000Z",
      updated: "2024-01-15T10:02:00.000Z",
    });
    expect(Object.keys(comments?.get("ENG-1:10000") ?? {}).sort()).toEqual(
      jiraCommentsTable.columns.map((c) => c.name).sort(),
    );
    // Three comments at two per page: startAt 0 then 2.
    const commentPages = s.fake.requests.filter(
      (r) => r.path === "/rest/api/3/issue/ENG-1/comment",
    );
    expect(commentPages.map((r) => r.query.startAt)).toEqual(["0", "2"]);

    const projects = tables.get("jira_projects");
    expect(projects?.get("OPS")).toEqual({
      key: "OPS",
      name: "Operations",
      project_type: "service_desk",
      lead: "Bob",
    });
    expect(Object.keys(projects?.get("ENG") ?? {}).sort()).toEqual(
      jiraProjectsTable.columns.map((c) => c.name).sort(),
    );
    // Three projects at two per page.
    const projectPages = s.fake.requests.filter((r) => r.path === "/rest/api/3/project/search");
    expect(projectPages.map((r) => r.query.startAt)).toEqual(["0", "2"]);
  });

  it("repairs a lone surrogate escaped in Jira's JSON, which no store could hold", async () => {
    const s = setup();
    s.fake.putIssue({ key: "ENG-9", updated: T0, summary: "broken \ud800 text" });
    const result = await s.poller({ includeComments: false, includeProjects: false }).poll();
    expect(result).toEqual({ ok: true, value: { deltasPushed: 1 } });
    const issue = materialize((await pullAll(s.gateway)).deltas)
      .get("jira_issues")
      ?.get("ENG-9");
    expect(issue?.summary).toBe("broken \ufffd text");
  });

  it("emits only the updated issue, once, on the next poll", async () => {
    const s = setup();
    seed(s.fake);
    const poller = s.poller();
    await poller.poll();
    await s.newDeltas();

    s.fake.putIssue({ key: "ENG-2", updated: T0 + 20 * MIN, status: "Done" });
    expect((await poller.poll()).ok).toBe(true);
    const deltas = await s.newDeltas();
    expect(ops(deltas)).toEqual(["INSERT jira_issues ENG-2"]);
    expect(materialize(deltas).get("jira_issues")?.get("ENG-2")?.status).toBe("Done");
    // The cursor was OPS-1 at 10:10 UTC: ask from a minute before, in the user's zone (UTC).
    expect(s.fake.searchedJql[1]).toBe('updated >= "2024-01-15 10:09" ORDER BY updated ASC');

    expect((await poller.poll()).ok).toBe(true);
    expect(await s.newDeltas()).toEqual([]);
  });

  it("neither loses nor duplicates issues sharing an `updated` minute across polls", async () => {
    const s = setup();
    s.fake.putIssue({ key: "ENG-1", updated: T0 });
    s.fake.putIssue({ key: "ENG-2", updated: T0 + 20_000 });
    const poller = s.poller({ includeComments: false, includeProjects: false });
    await poller.poll();
    expect(ops(await s.newDeltas())).toEqual([
      "INSERT jira_issues ENG-1",
      "INSERT jira_issues ENG-2",
    ]);

    // Same millisecond as the cursor but a later key, and later in the same minute.
    s.fake.putIssue({ key: "ENG-3", updated: T0 + 20_000 });
    s.fake.putIssue({ key: "ENG-4", updated: T0 + 40_000 });
    await poller.poll();
    expect(ops(await s.newDeltas())).toEqual([
      "INSERT jira_issues ENG-3",
      "INSERT jira_issues ENG-4",
    ]);

    await poller.poll();
    expect(await s.newDeltas()).toEqual([]);
  });

  it("keeps ties of one `updated` value in any order without skipping one after a failure", async () => {
    // The fake returns ties by key descending: ENG-9 before ENG-10 ... A cursor saved in the
    // middle of a tie group would skip the rest; it is only saved once the group is over.
    const fake = new FakeJira({ searchPageCap: 2 });
    const s = setup(fake);
    for (const n of [1, 2, 3, 4]) s.fake.putIssue({ key: `ENG-${n}`, updated: T0 });
    s.fake.putIssue({ key: "ENG-5", updated: T0 + MIN });
    s.fake.fail({ match: /search\/jql/, status: 500, after: 2, times: 3 });
    const poller = s.poller({ includeComments: false, includeProjects: false }, { chunkSize: 1 });
    const failed = await poller.poll();
    expect(failed.ok).toBe(false);
    const first = await s.newDeltas();
    expect(first.length).toBe(4);

    const again = await poller.poll();
    expect(again.ok).toBe(true);
    const rows = materialize([...first, ...(await s.newDeltas())]).get("jira_issues");
    expect([...(rows?.keys() ?? [])].sort()).toEqual(["ENG-1", "ENG-2", "ENG-3", "ENG-4", "ENG-5"]);
  });

  it("resumes after a failure from the last accepted push, re-reading at most the last `updated` group", async () => {
    const fake = new FakeJira({ searchPageCap: 2 });
    const s = setup(fake);
    for (let n = 1; n <= 6; n++) s.fake.putIssue({ key: `ENG-${n}`, updated: T0 + n * MIN });
    s.fake.fail({ match: /search\/jql/, status: 502, after: 2, times: 3 });
    const poller = s.poller({ includeComments: false, includeProjects: false }, { chunkSize: 2 });
    const failed = await poller.poll();
    expect(failed.ok).toBe(false);
    if (!failed.ok) {
      expect(failed.error.fatal).toBe(false);
      expect(failed.error.code).toBe("UPSTREAM_ERROR");
    }
    expect(s.sleeps.length).toBe(2); // bounded retries, then the poll gives up
    expect(ops(await s.newDeltas())).toEqual(
      ["ENG-1", "ENG-2", "ENG-3", "ENG-4"].map((k) => `INSERT jira_issues ${k}`),
    );

    // ENG-4 was accepted, but the cursor only passes an `updated` value once the next one
    // is seen (ties come in any order), so ENG-4 is read again: the same values, a no-op.
    expect(s.state.data.has(stateKeys.issueCursor)).toBe(true);
    expect((await poller.poll()).ok).toBe(true);
    expect(ops(await s.newDeltas())).toEqual(
      ["ENG-4", "ENG-5", "ENG-6"].map((k) => `INSERT jira_issues ${k}`),
    );
  });

  it("syncs comment inserts, updates and deletes", async () => {
    const s = setup();
    seed(s.fake);
    const poller = s.poller({ includeProjects: false });
    await poller.poll();
    const before = await s.newDeltas();

    s.fake.editComment("ENG-1", "10000", "first, edited", T0 + 30 * MIN);
    s.fake.deleteComment("ENG-1", "10001", T0 + 31 * MIN);
    s.fake.addComment("ENG-1", "fourth", T0 + 32 * MIN, "Dee");
    await poller.poll();
    const after = await s.newDeltas();
    expect(ops(after)).toEqual([
      "DELETE jira_comments ENG-1:10001",
      "INSERT jira_comments ENG-1:10003",
      "INSERT jira_issues ENG-1",
      "UPDATE jira_comments ENG-1:10000",
    ]);
    const update = after.find((d) => d.op === "UPDATE");
    expect(update?.columns.map((c) => c.column).sort()).toEqual(["body", "updated"]);
    const comments = materialize([...before, ...after]).get("jira_comments");
    expect([...(comments?.entries() ?? [])].map(([id, r]) => `${id}=${r.body}`).sort()).toEqual([
      "ENG-1:10000=first, edited",
      "ENG-1:10002=third",
      "ENG-1:10003=fourth",
    ]);
  });

  it("syncs project inserts, updates and deletes as a full diff", async () => {
    const s = setup();
    seed(s.fake);
    const poller = s.poller({ includeComments: false });
    await poller.poll();
    await s.newDeltas();

    await poller.poll();
    expect(byTable(await s.newDeltas(), "jira_projects")).toEqual([]);

    s.fake.addProject({
      key: "ENG",
      name: "Engineering Dept",
      projectTypeKey: "software",
      lead: "Ada",
    });
    s.fake.projects.delete("WEB");
    s.fake.addProject({ key: "MKT", name: "Marketing", projectTypeKey: "business", lead: "Eve" });
    await poller.poll();
    const deltas = byTable(await s.newDeltas(), "jira_projects");
    expect(ops(deltas)).toEqual([
      "DELETE jira_projects WEB",
      "INSERT jira_projects MKT",
      "UPDATE jira_projects ENG",
    ]);
    expect(deltas.find((d) => d.op === "UPDATE")?.columns).toEqual([
      { column: "name", value: "Engineering Dept" },
    ]);
  });

  it("skips comments and projects when includeComments and includeProjects are false", async () => {
    const s = setup();
    seed(s.fake);
    await s.poller({ includeComments: false, includeProjects: false }).poll();
    const tables = materialize(await s.newDeltas());
    expect([...tables.keys()]).toEqual(["jira_issues"]);
    expect(s.fake.requests.some((r) => r.path.endsWith("/comment"))).toBe(false);
    expect(s.fake.requests.some((r) => r.path === "/rest/api/3/project/search")).toBe(false);
  });

  it("wraps the user's JQL in parentheses so an OR cannot escape the cursor filter", async () => {
    const s = setup();
    seed(s.fake);
    s.fake.putIssue({ key: "WEB-1", updated: T0 });
    const poller = s.poller({ jql: "project = ENG OR project = OPS ORDER BY created DESC" });
    await poller.poll();
    expect(s.fake.searchedJql[0]).toBe("(project = ENG OR project = OPS) ORDER BY updated ASC");
    const keys = [
      ...(materialize(await s.newDeltas())
        .get("jira_issues")
        ?.keys() ?? []),
    ].sort();
    expect(keys).toEqual(["ENG-1", "ENG-2", "OPS-1"]);

    // WEB-1 changes after the cursor: an unwrapped `... OR project = OPS AND updated >= x` would take it.
    s.fake.putIssue({ key: "WEB-1", updated: T0 + 50 * MIN });
    s.fake.putIssue({ key: "ENG-2", updated: T0 + 50 * MIN });
    await poller.poll();
    expect(s.fake.searchedJql[1]).toBe(
      '(project = ENG OR project = OPS) AND updated >= "2024-01-15 10:09" ORDER BY updated ASC',
    );
    expect(byTable(await s.newDeltas(), "jira_issues").map((d) => d.rowId)).toEqual(["ENG-2"]);
  });

  it("formats the cursor in the Jira user's time zone", async () => {
    const fake = new FakeJira({ timeZone: "America/New_York" });
    const s = setup(fake);
    s.fake.putIssue({ key: "ENG-1", updated: Date.parse("2024-01-15T15:30:45.123Z") });
    const poller = s.poller({ includeComments: false, includeProjects: false });
    await poller.poll();
    s.fake.putIssue({ key: "ENG-2", updated: Date.parse("2024-01-15T15:31:10.000Z") });
    await poller.poll();
    // 15:30:45Z is 10:30 in New York (UTC-5 in January); a minute earlier is 10:29.
    expect(s.fake.searchedJql[1]).toBe('updated >= "2024-01-15 10:29" ORDER BY updated ASC');
    expect(
      byTable(await s.newDeltas(), "jira_issues")
        .map((d) => d.rowId)
        .sort(),
    ).toEqual(["ENG-1", "ENG-2"]);
    // myself is asked once per poller, not once per poll.
    await poller.poll();
    expect(s.fake.requests.filter((r) => r.path === "/rest/api/3/myself").length).toBe(1);
  });

  it("fails for good on 401, with a message that holds no token", async () => {
    const s = setup();
    seed(s.fake);
    const result = await s.poller({ apiToken: "ATATT-wrong-secret-999" }).poll();
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.fatal).toBe(true);
    expect(result.error.code).toBe("UNAUTHORIZED");
    expect(result.error.message).toMatch(/401/);
    expect(result.error.message).toMatch(/You are not authenticated/);
    expect(result.error.message).not.toContain("ATATT-wrong-secret-999");
    expect(result.error.message).not.toContain(s.fake.apiToken);
    expect(await s.newDeltas()).toEqual([]);
  });

  it("answers 429 with a long Retry-After as a retryable error with retryAfterMs", async () => {
    const s = setup();
    seed(s.fake);
    s.fake.rateLimit({ retryAfterSeconds: 120, match: /search\/jql/ });
    const poller = s.poller();
    const result = await poller.poll();
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.fatal).toBe(false);
    expect(result.error.code).toBe("RATE_LIMITED");
    expect(result.error.retryAfterMs).toBe(120_000);
    expect(s.state.data.size).toBe(0);

    expect((await poller.poll()).ok).toBe(true);
    expect(byTable(await s.newDeltas(), "jira_issues").length).toBe(3);
  });

  it("waits out a short Retry-After mid-page and asks for the same page again", async () => {
    const fake = new FakeJira({ searchPageCap: 2 });
    const s = setup(fake);
    seed(s.fake);
    s.fake.rateLimit({ retryAfterSeconds: 1, match: /search\/jql/, after: 1 });
    const result = await s.poller({ includeComments: false }).poll();
    expect(result.ok).toBe(true);
    expect(s.sleeps).toEqual([1000]);
    const tokens = s.fake.requests
      .filter((r) => r.path === "/rest/api/3/search/jql")
      .map((r) => (r.body as { nextPageToken?: string }).nextPageToken ?? null);
    expect(tokens.length).toBe(3);
    expect(tokens[1]).not.toBeNull();
    expect(tokens[2]).toBe(tokens[1]);
    expect(byTable(await s.newDeltas(), "jira_issues").length).toBe(3);
  });

  it("a restarted poller with the same state store resumes without re-emitting", async () => {
    const s = setup();
    seed(s.fake);
    await s.poller().poll();
    await s.newDeltas();
    expect([...s.state.data.keys()].sort()).toEqual([
      stateKeys.comments("ENG-1"),
      stateKeys.issueCursor,
      stateKeys.projects,
    ]);

    const restarted = s.poller();
    expect((await restarted.poll()).ok).toBe(true);
    expect(await s.newDeltas()).toEqual([]);

    s.fake.addComment("ENG-2", "new after restart", T0 + 40 * MIN);
    const again = s.poller();
    await again.poll();
    expect(ops(await s.newDeltas())).toEqual([
      `INSERT jira_comments ENG-2:${[...(s.fake.issues.get("ENG-2")?.comments ?? [])][0]?.id}`,
      "INSERT jira_issues ENG-2",
    ]);
  });

  it("lets the spec's project_key sync rule filter jira_issues and jira_comments alike", async () => {
    const s = setup();
    seed(s.fake);
    s.fake.addComment("OPS-1", "ops only", T0 + 11 * MIN);
    await s.poller().poll();
    s.gateway.setSyncRules({
      buckets: [
        {
          name: "eng-issues",
          filters: [{ column: "project_key", op: "eq", value: "ENG" }],
          tables: ["jira_issues", "jira_comments"],
        },
      ],
    });
    const page = await s.gateway.pull({ since: 0n, clientId: "app-1", limit: 1000 });
    if (!page.ok) throw page.error;
    expect(ops(page.value.deltas)).toEqual([
      "INSERT jira_comments ENG-1:10000",
      "INSERT jira_comments ENG-1:10001",
      "INSERT jira_comments ENG-1:10002",
      "INSERT jira_issues ENG-1",
      "INSERT jira_issues ENG-2",
    ]);
  });

  it("skips the comments of an issue that is gone by the time they are asked for (404)", async () => {
    const s = setup();
    seed(s.fake);
    s.fake.fail({
      match: /ENG-1\/comment$/,
      status: 404,
      body: { errorMessages: ["Issue does not exist or you do not have permission to see it."] },
    });
    const result = await s.poller({ includeProjects: false }).poll();
    expect(result.ok).toBe(true);
    expect(byTable(await s.newDeltas(), "jira_comments")).toEqual([]);
    expect(s.state.data.has(stateKeys.comments("ENG-1"))).toBe(false);
  });

  it("stops when the host aborts the poll, saving nothing past what was accepted", async () => {
    const s = setup();
    seed(s.fake);
    const abort = new AbortController();
    abort.abort(new Error("unregistered"));
    const result = await s.poller().poll(abort.signal);
    expect(result.ok).toBe(false);
    expect(s.state.data.size).toBe(0);
    expect(await s.newDeltas()).toEqual([]);
  });

  it("streams 10,000 issues in chunks of 200, flushing within the memory budget, losing none", async () => {
    const fake = new FakeJira({ searchPageCap: 1000 });
    for (let n = 1; n <= 10_000; n++) fake.putIssue({ key: `BIG-${n}`, updated: T0 + n * 1000 });
    const gateway = new SyncGateway({ gatewayId: "gw-big" });
    const target = new FlushCountingTarget(gateway);
    const poller = createJiraPoller({
      config: {
        domain: "fake",
        email: fake.email,
        apiToken: fake.apiToken,
        includeComments: false,
        includeProjects: false,
        baseUrl: "https://fake.atlassian.net",
      },
      target,
      state: setup().state,
      clientId: "ingest:jira-big",
      fetch: fake.fetch,
      chunkSize: 200,
      memoryBudgetBytes: 256 * 1024,
      pageSize: 1000,
    });
    const result = await poller.poll();
    expect(result).toEqual({ ok: true, value: { deltasPushed: 10_000 } });
    expect(target.pushes).toBe(50);
    expect(target.flushes).toBeGreaterThan(0);
    const rows = materialize((await pullAll(gateway)).deltas).get("jira_issues");
    expect(rows?.size).toBe(10_000);
  }, 60_000);
});
