import { JqlError, type JqlIssueView, parseJql } from "./jql-eval.js";

/**
 * A fake Jira Cloud (REST API v3) for tests, as a fetch handler: real paths, Basic auth,
 * `search/jql` paging by `nextPageToken`/`isLast`, comment and project paging by `startAt`,
 * ADF bodies, error bodies `{"errorMessages":[...]}`, 410 on the removed `/rest/api/3/search`,
 * and failures (429 with `Retry-After` and `X-RateLimit-*`) on demand.
 * Pass `fake.fetch` as the connector's `fetch`, or serve it over HTTP.
 */
export interface FakeIssue {
  key: string;
  project: string;
  summary: string;
  description?: string;
  status: string;
  priority: string;
  issueType: string;
  assignee: string | null;
  reporter: string;
  labels: string[];
  created: number;
  updated: number;
  comments: FakeComment[];
}

export interface FakeComment {
  id: string;
  body: string;
  author: string;
  created: number;
  updated: number;
}

export interface FakeProject {
  key: string;
  name: string;
  projectTypeKey: string;
  lead: string;
}

export interface FakeFailure {
  /** Matches `METHOD /path` (query excluded). Default: any request. */
  readonly match?: RegExp;
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
  /** How many matching requests fail. Default 1. */
  times?: number;
  /** Let this many matching requests through first. Default 0. */
  after?: number;
}

export interface FakeRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly body: unknown;
}

export interface FakeJiraOptions {
  readonly email?: string;
  readonly apiToken?: string;
  readonly timeZone?: string;
  /** Largest `maxResults` honoured by search/jql. Default 50. */
  readonly searchPageCap?: number;
  /** Largest `maxResults` of comment pages. Default 2 (so paging is exercised). */
  readonly commentPageCap?: number;
  /** Largest `maxResults` of project pages. Default 2. */
  readonly projectPageCap?: number;
}

const FIELD_ALIASES: Record<string, string> = { issuetype: "issuetype" };

export class FakeJira {
  readonly email: string;
  readonly apiToken: string;
  timeZone: string;
  readonly issues = new Map<string, FakeIssue>();
  readonly projects = new Map<string, FakeProject>();
  readonly requests: FakeRequest[] = [];
  readonly #failures: FakeFailure[] = [];
  readonly #options: FakeJiraOptions;
  #nextCommentId = 10000;

  constructor(options: FakeJiraOptions = {}) {
    this.#options = options;
    this.email = options.email ?? "bot@example.com";
    this.apiToken = options.apiToken ?? "ATATT-fake-token-123";
    this.timeZone = options.timeZone ?? "UTC";
  }

  /** JQL of every search/jql request, in order. */
  get searchedJql(): string[] {
    return this.requests
      .filter((r) => r.path === "/rest/api/3/search/jql")
      .map((r) => String((r.body as { jql?: unknown }).jql));
  }

  addProject(project: FakeProject): void {
    this.projects.set(project.key, project);
  }

  /** Adds or replaces an issue; missing fields get defaults. */
  putIssue(issue: Partial<FakeIssue> & { key: string; updated: number }): FakeIssue {
    const existing = this.issues.get(issue.key);
    const dash = issue.key.lastIndexOf("-");
    const full: FakeIssue = {
      project: issue.key.slice(0, dash),
      summary: `Summary of ${issue.key}`,
      status: "To Do",
      priority: "Medium",
      issueType: "Task",
      assignee: null,
      reporter: "Reporter",
      labels: [],
      created: issue.updated,
      comments: [],
      ...existing,
      ...issue,
    };
    this.issues.set(issue.key, full);
    return full;
  }

  /** Adds a comment (and moves the issue's `updated`, as Jira does). */
  addComment(issueKey: string, body: string, at: number, author = "Commenter"): FakeComment {
    const issue = this.#issue(issueKey);
    const comment = { id: String(this.#nextCommentId++), body, author, created: at, updated: at };
    issue.comments.push(comment);
    issue.updated = at;
    return comment;
  }

  editComment(issueKey: string, id: string, body: string, at: number): void {
    const issue = this.#issue(issueKey);
    const comment = issue.comments.find((c) => c.id === id);
    if (!comment) throw new Error(`no comment ${id}`);
    comment.body = body;
    comment.updated = at;
    issue.updated = at;
  }

  deleteComment(issueKey: string, id: string, at: number): void {
    const issue = this.#issue(issueKey);
    issue.comments = issue.comments.filter((c) => c.id !== id);
    issue.updated = at;
  }

  /** Makes the next matching request(s) fail as given. */
  fail(failure: FakeFailure): void {
    this.#failures.push({ ...failure, times: failure.times ?? 1, after: failure.after ?? 0 });
  }

  /** A 429 as Jira Cloud sends it, with `Retry-After` and the `X-RateLimit-*` headers. */
  rateLimit(options: { retryAfterSeconds: number; match?: RegExp; after?: number }): void {
    this.fail({
      ...(options.match ? { match: options.match } : {}),
      ...(options.after !== undefined ? { after: options.after } : {}),
      status: 429,
      headers: {
        "Retry-After": String(options.retryAfterSeconds),
        "X-RateLimit-Limit": "100",
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": new Date(Date.now() + options.retryAfterSeconds * 1000).toISOString(),
        "RateLimit-Reason": "jira-quota-tenant-based",
      },
      body: { errorMessages: ["Rate limit exceeded."] },
    });
  }

  /** The handler: a `fetch` look-alike. */
  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    return this.handle(request);
  };

  async handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const path = url.pathname;
    const query = Object.fromEntries(url.searchParams);
    let body: unknown = null;
    if (request.method !== "GET" && request.method !== "HEAD") {
      const text = await request.text();
      try {
        body = text === "" ? null : JSON.parse(text);
      } catch {
        return json(400, {
          errorMessages: [
            "Invalid request payload. Refer to the REST API documentation and try again.",
          ],
        });
      }
    }
    this.requests.push({ method: request.method, path, query, body });

    if (request.headers.get("authorization") !== basic(this.email, this.apiToken)) {
      return json(401, {
        errorMessages: [
          "You are not authenticated. Authentication required to perform this operation.",
        ],
        errors: {},
      });
    }
    const failure = this.#takeFailure(`${request.method} ${path}`);
    if (failure)
      return json(failure.status, failure.body ?? { errorMessages: ["Failure"] }, failure.headers);

    try {
      if (request.method === "GET" && path === "/rest/api/3/myself") return this.#myself();
      if (path === "/rest/api/3/search" || path === "/rest/api/2/search") {
        return json(410, {
          errorMessages: [
            "The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046",
          ],
          errors: {},
        });
      }
      if (request.method === "POST" && path === "/rest/api/3/search/jql") return this.#search(body);
      const comments = /^\/rest\/api\/3\/issue\/([^/]+)\/comment$/.exec(path);
      if (request.method === "GET" && comments) {
        return this.#comments(decodeURIComponent(comments[1] ?? ""), query);
      }
      if (request.method === "GET" && path === "/rest/api/3/project/search")
        return this.#projects(query);
    } catch (error) {
      if (error instanceof JqlError)
        return json(400, { errorMessages: [error.message], errors: {} });
      throw error;
    }
    return json(404, { errorMessages: ["Not found"], errors: {} });
  }

  #takeFailure(what: string): FakeFailure | undefined {
    const index = this.#failures.findIndex((f) => !f.match || f.match.test(what));
    const failure = this.#failures[index];
    if (!failure) return undefined;
    if ((failure.after ?? 0) > 0) {
      failure.after = (failure.after ?? 0) - 1;
      return undefined;
    }
    failure.times = (failure.times ?? 1) - 1;
    if (failure.times <= 0) this.#failures.splice(index, 1);
    return failure;
  }

  #issue(key: string): FakeIssue {
    const issue = this.issues.get(key);
    if (!issue) throw new Error(`no issue ${key}`);
    return issue;
  }

  #myself(): Response {
    return json(200, {
      self: "https://fake.atlassian.net/rest/api/3/user?accountId=5b10a2844c20165700ede21g",
      accountId: "5b10a2844c20165700ede21g",
      accountType: "atlassian",
      emailAddress: this.email,
      displayName: "Sync Bot",
      active: true,
      timeZone: this.timeZone,
      locale: "en_US",
    });
  }

  #search(body: unknown): Response {
    const b = (body ?? {}) as {
      jql?: unknown;
      fields?: unknown;
      maxResults?: unknown;
      nextPageToken?: unknown;
    };
    if (typeof b.jql !== "string")
      return json(400, { errorMessages: ["jql is required"], errors: {} });
    const parsed = parseJql(b.jql, this.timeZone);
    if (!parsed.where) {
      return json(400, {
        errorMessages: [
          "Unbounded JQL queries are not allowed here. Please add a search restriction to your query.",
        ],
        errors: {},
      });
    }
    const where = parsed.where;
    const matching = [...this.issues.values()].filter((i) => where(view(i)));
    matching.sort((a, b2) => {
      for (const { field, desc } of parsed.orderBy) {
        const va = sortValue(a, field);
        const vb = sortValue(b2, field);
        if (va !== vb) return (va < vb ? -1 : 1) * (desc ? -1 : 1);
      }
      // Ties in an order Jira does not promise: here, key descending.
      return a.key < b2.key ? 1 : a.key > b2.key ? -1 : 0;
    });
    const cap = this.#options.searchPageCap ?? 50;
    const max = Math.min(typeof b.maxResults === "number" ? b.maxResults : 50, cap);
    const start = typeof b.nextPageToken === "string" ? Number(atob(b.nextPageToken)) : 0;
    const page = matching.slice(start, start + max);
    const fields = Array.isArray(b.fields) ? (b.fields as string[]) : ["*navigable"];
    const isLast = start + page.length >= matching.length;
    return json(200, {
      issues: page.map((i) => issueJson(i, fields)),
      ...(isLast ? {} : { nextPageToken: btoa(String(start + page.length)) }),
      isLast,
    });
  }

  #comments(key: string, query: Record<string, string>): Response {
    const issue = this.issues.get(key);
    if (!issue) {
      return json(404, {
        errorMessages: ["Issue does not exist or you do not have permission to see it."],
        errors: {},
      });
    }
    const startAt = Number(query.startAt ?? 0);
    const maxResults = Math.min(Number(query.maxResults ?? 50), this.#options.commentPageCap ?? 2);
    const page = issue.comments.slice(startAt, startAt + maxResults);
    return json(200, {
      startAt,
      maxResults,
      total: issue.comments.length,
      comments: page.map((c) => ({
        self: `https://fake.atlassian.net/rest/api/3/issue/${issue.key}/comment/${c.id}`,
        id: c.id,
        author: { accountId: `acc-${c.author}`, displayName: c.author, active: true },
        body: adf(c.body),
        updateAuthor: { accountId: `acc-${c.author}`, displayName: c.author },
        created: jiraTime(c.created),
        updated: jiraTime(c.updated),
        jsdPublic: true,
      })),
    });
  }

  #projects(query: Record<string, string>): Response {
    const all = [...this.projects.values()].sort((a, b) => a.key.localeCompare(b.key));
    const startAt = Number(query.startAt ?? 0);
    const maxResults = Math.min(Number(query.maxResults ?? 50), this.#options.projectPageCap ?? 2);
    const page = all.slice(startAt, startAt + maxResults);
    const isLast = startAt + page.length >= all.length;
    return json(200, {
      self: `https://fake.atlassian.net/rest/api/3/project/search?startAt=${startAt}&maxResults=${maxResults}`,
      ...(isLast
        ? {}
        : {
            nextPage: `https://fake.atlassian.net/rest/api/3/project/search?startAt=${startAt + maxResults}&maxResults=${maxResults}`,
          }),
      maxResults,
      startAt,
      total: all.length,
      isLast,
      values: page.map((p, i) => ({
        self: `https://fake.atlassian.net/rest/api/3/project/${10000 + startAt + i}`,
        id: String(10000 + startAt + i),
        key: p.key,
        name: p.name,
        projectTypeKey: p.projectTypeKey,
        simplified: false,
        style: "classic",
        isPrivate: false,
        lead: { accountId: `acc-${p.lead}`, displayName: p.lead, active: true },
      })),
    });
  }
}

function view(issue: FakeIssue): JqlIssueView {
  return {
    key: issue.key,
    project: issue.project,
    status: issue.status,
    updated: issue.updated,
    created: issue.created,
  };
}

function sortValue(issue: FakeIssue, field: string): number | string {
  if (field === "updated") return issue.updated;
  if (field === "created") return issue.created;
  if (field === "key") return issue.key;
  throw new JqlError(`Not able to sort using field '${field}'.`);
}

/** Jira's timestamp format: `2024-01-15T10:30:00.000+0000`. */
export function jiraTime(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "+0000");
}

/** A paragraph of ADF per line of text. */
export function adf(text: string): unknown {
  return {
    type: "doc",
    version: 1,
    content: text.split("\n").map((line) => ({
      type: "paragraph",
      content: line === "" ? [] : [{ type: "text", text: line }],
    })),
  };
}

function issueJson(issue: FakeIssue, fields: readonly string[]): unknown {
  const all: Record<string, unknown> = {
    summary: issue.summary,
    description: issue.description === undefined ? null : adf(issue.description),
    status: { name: issue.status, statusCategory: { key: "new" } },
    priority: { name: issue.priority, id: "3" },
    issuetype: { name: issue.issueType, subtask: false },
    assignee:
      issue.assignee === null
        ? null
        : { accountId: `acc-${issue.assignee}`, displayName: issue.assignee },
    reporter: { accountId: `acc-${issue.reporter}`, displayName: issue.reporter },
    labels: issue.labels,
    created: jiraTime(issue.created),
    updated: jiraTime(issue.updated),
    project: { key: issue.project, name: issue.project, id: "10000" },
  };
  const picked: Record<string, unknown> = {};
  const wanted =
    fields.includes("*all") || fields.includes("*navigable") ? Object.keys(all) : fields;
  for (const f of wanted) {
    const name = FIELD_ALIASES[f] ?? f;
    if (name in all) picked[name] = all[name];
  }
  const id = String(10000 + Number(issue.key.slice(issue.key.lastIndexOf("-") + 1)));
  return {
    expand: "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations",
    id,
    self: `https://fake.atlassian.net/rest/api/3/issue/${id}`,
    key: issue.key,
    fields: picked,
  };
}

function basic(email: string, token: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(`${email}:${token}`))
    binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json;charset=UTF-8", ...headers },
  });
}
