import { describe, expect, it } from "vitest";
import { FakeJira } from "../testing/fake-jira.js";
import { JiraApiError } from "./errors.js";
import { JiraClient } from "./jira-client.js";

function client(fake: FakeJira, sleeps: number[] = [], fetchImpl?: typeof fetch) {
  return new JiraClient({
    baseUrl: "https://fake.atlassian.net/",
    email: fake.email,
    apiToken: fake.apiToken,
    fetch: fetchImpl ?? fake.fetch,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
  });
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

async function failure(run: () => Promise<unknown>): Promise<JiraApiError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof JiraApiError) return error;
    throw error;
  }
  throw new Error("expected a JiraApiError");
}

describe("JiraClient against the fake Jira Cloud", () => {
  it("sends Basic auth and reads myself", async () => {
    const fake = new FakeJira({ timeZone: "Europe/Paris" });
    const me = await client(fake).myself();
    expect(me.timeZone).toBe("Europe/Paris");
    expect(me.emailAddress).toBe(fake.email);
  });

  it("pages search/jql by nextPageToken until isLast", async () => {
    const fake = new FakeJira({ searchPageCap: 2 });
    for (let n = 1; n <= 5; n++) fake.putIssue({ key: `ENG-${n}`, updated: 1_700_000_000_000 + n });
    const issues = await collect(
      client(fake).searchIssues("project = ENG ORDER BY updated ASC", ["summary", "updated"], {
        pageSize: 100,
      }),
    );
    expect(issues.map((i) => i.key)).toEqual(["ENG-1", "ENG-2", "ENG-3", "ENG-4", "ENG-5"]);
    expect(Object.keys(issues[0]?.fields ?? {}).sort()).toEqual(["summary", "updated"]);
    const tokens = fake.requests.map((r) => (r.body as { nextPageToken?: string }).nextPageToken);
    expect(tokens[0]).toBeUndefined();
    expect(tokens.length).toBe(3);
  });

  it("surfaces Jira's error messages for a JQL it refuses (400), without retrying", async () => {
    const fake = new FakeJira();
    const sleeps: number[] = [];
    const error = await failure(() =>
      collect(client(fake, sleeps).searchIssues("ORDER BY updated", [])),
    );
    expect(error.kind).toBe("request");
    expect(error.status).toBe(400);
    expect(error.message).toContain("Unbounded JQL queries are not allowed");
    expect(sleeps).toEqual([]);
  });

  it("the fake answers the removed /rest/api/3/search with 410 Gone", async () => {
    const fake = new FakeJira();
    const response = await fake.fetch(
      "https://fake.atlassian.net/rest/api/3/search?jql=project%3DENG",
      {
        headers: { Authorization: `Basic ${btoa(`${fake.email}:${fake.apiToken}`)}` },
      },
    );
    expect(response.status).toBe(410);
    expect(((await response.json()) as { errorMessages: string[] }).errorMessages[0]).toMatch(
      /search\/jql/,
    );
  });

  it("maps 403 to an auth error without the token", async () => {
    const fake = new FakeJira();
    fake.fail({ status: 403, body: { errorMessages: ["You do not have permission."] } });
    const error = await failure(() => client(fake).myself());
    expect(error.kind).toBe("auth");
    expect(error.message).toContain("403 Forbidden");
    expect(error.message).not.toContain(fake.apiToken);
  });

  it("treats 503 with a Retry-After date as a rate limit, and retries plain 5xx", async () => {
    const fake = new FakeJira();
    const now = Date.now();
    fake.fail({ status: 503, headers: { "Retry-After": new Date(now + 600_000).toUTCString() } });
    const limited = await failure(() => client(fake).myself());
    expect(limited.kind).toBe("rate_limited");
    expect(limited.retryAfterMs).toBeGreaterThan(590_000);

    const sleeps: number[] = [];
    fake.fail({ status: 502, times: 2 });
    expect((await client(fake, sleeps).myself()).timeZone).toBe("UTC");
    expect(sleeps).toEqual([375, 750]);
  });

  it("retries network failures a bounded number of times", async () => {
    const fake = new FakeJira();
    const sleeps: number[] = [];
    const down: typeof fetch = async () => {
      throw new TypeError("fetch failed");
    };
    const error = await failure(() => client(fake, sleeps, down).myself());
    expect(error.kind).toBe("upstream");
    expect(error.message).toContain("fetch failed");
    expect(sleeps.length).toBe(2);
  });

  it("pages comments by startAt and projects until isLast", async () => {
    const fake = new FakeJira();
    fake.putIssue({ key: "ENG-1", updated: 1 });
    for (let n = 0; n < 5; n++) fake.addComment("ENG-1", `c${n}`, 10 + n);
    for (const key of ["A", "B", "C"]) {
      fake.addProject({ key, name: key, projectTypeKey: "software", lead: "L" });
    }
    const jira = client(fake);
    expect((await collect(jira.issueComments("ENG-1"))).length).toBe(5);
    expect((await collect(jira.projects())).map((p) => p.key)).toEqual(["A", "B", "C"]);
  });
});

describe("in-place waits", () => {
  it("tells onWait before and after waiting out a Retry-After, without the token", async () => {
    const fake = new FakeJira();
    fake.rateLimit({ retryAfterSeconds: 1, match: /myself/ });
    const events: ({ waitMs: number; reason: string } | null)[] = [];
    const jira = new JiraClient({
      baseUrl: "https://fake.atlassian.net",
      email: fake.email,
      apiToken: fake.apiToken,
      fetch: fake.fetch,
      sleep: async () => {},
      onWait: (wait) => events.push(wait),
    });
    await jira.myself();
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ waitMs: 1000 });
    expect(events[0]?.reason).toContain("429");
    expect(events[0]?.reason).not.toContain(fake.apiToken);
    expect(events[1]).toBeNull();
  });
});
