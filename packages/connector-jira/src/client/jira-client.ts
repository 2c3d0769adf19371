import { backoffDelay, parseRetryAfter, sleep, toWellFormed } from "@lakesync/core";
import { JiraApiError } from "./errors.js";
import type {
  JiraComment,
  JiraCommentPage,
  JiraIssue,
  JiraProject,
  JiraProjectPage,
  JiraSearchPage,
  JiraUser,
} from "./types.js";

export interface JiraClientOptions {
  /** e.g. `https://mycompany.atlassian.net` (no trailing path). */
  readonly baseUrl: string;
  readonly email: string;
  readonly apiToken: string;
  /** Default `globalThis.fetch`. A connector gets the server's URL-guarded one. */
  readonly fetch?: typeof fetch;
  /**
   * A `Retry-After` (429, or 503 with the header) up to this long is waited out in place and
   * the same page is asked again; a longer one fails the call as `rate_limited` so the
   * caller backs off. Default 5,000 ms.
   */
  readonly maxInlineWaitMs?: number;
  /** Attempts after the first for 5xx, network errors and 429s without `Retry-After`. Default 2. */
  readonly maxRetries?: number;
  /** First backoff step for those retries. Default 500 ms (exponential, equal jitter). */
  readonly retryBaseMs?: number;
  /** Injectable for tests. Default a `setTimeout` promise. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly now?: () => number;
  readonly random?: () => number;
  /** Told before each in-place wait (with the reason, no secret) and with `null` after it. */
  readonly onWait?: ((wait: { waitMs: number; reason: string } | null) => void) | undefined;
}

/** Page sizes the client asks for (Jira caps them: 5,000 issues with few fields, 100 comments, 50 projects). */
export interface JiraPageOptions {
  readonly pageSize?: number;
  readonly signal?: AbortSignal;
}

/**
 * A small Jira Cloud REST API v3 client over `fetch`: Basic auth with `email:apiToken`,
 * the paging of each endpoint, retries, and errors as `JiraApiError`.
 * @example
 * const jira = new JiraClient({ baseUrl: "https://acme.atlassian.net", email, apiToken });
 * for await (const issue of jira.searchIssues('project = ENG ORDER BY updated ASC', ["summary"])) {
 *   console.log(issue.key);
 * }
 */
export class JiraClient {
  readonly #base: string;
  readonly #auth: string;
  readonly #token: string;
  readonly #fetch: typeof fetch;
  readonly #maxInlineWaitMs: number;
  readonly #maxRetries: number;
  readonly #retryBaseMs: number;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #onWait: JiraClientOptions["onWait"];

  constructor(options: JiraClientOptions) {
    this.#base = options.baseUrl.replace(/\/+$/, "");
    this.#auth = `Basic ${base64(`${options.email}:${options.apiToken}`)}`;
    this.#token = options.apiToken;
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#maxInlineWaitMs = options.maxInlineWaitMs ?? 5_000;
    this.#maxRetries = options.maxRetries ?? 2;
    this.#retryBaseMs = options.retryBaseMs ?? 500;
    this.#sleep = options.sleep ?? sleep;
    this.#now = options.now ?? Date.now;
    this.#random = options.random ?? Math.random;
    this.#onWait = options.onWait;
  }

  /** Waits in place, telling `onWait` before and after so the host can show backing_off. */
  async #wait(ms: number, reason: string, signal: AbortSignal | undefined): Promise<void> {
    this.#onWait?.({ waitMs: ms, reason });
    try {
      await this.#sleep(ms, signal);
    } finally {
      this.#onWait?.(null);
    }
  }

  /** `GET /rest/api/3/myself`: the account behind the token, with its `timeZone`. */
  myself(signal?: AbortSignal): Promise<JiraUser> {
    return this.#request<JiraUser>("GET", "/rest/api/3/myself", { signal });
  }

  /**
   * `POST /rest/api/3/search/jql`, paged by `nextPageToken` until `isLast`.
   * The JQL must be bounded (Jira refuses a query without a restriction).
   */
  async *searchIssues(
    jql: string,
    fields: readonly string[],
    options: JiraPageOptions = {},
  ): AsyncGenerator<JiraIssue, void, undefined> {
    const maxResults = options.pageSize ?? 100;
    let nextPageToken: string | undefined;
    for (;;) {
      const body: Record<string, unknown> = { jql, fields, maxResults };
      if (nextPageToken !== undefined) body.nextPageToken = nextPageToken;
      const page = await this.#request<JiraSearchPage>("POST", "/rest/api/3/search/jql", {
        body,
        signal: options.signal,
      });
      const issues = Array.isArray(page.issues) ? page.issues : [];
      yield* issues;
      nextPageToken = typeof page.nextPageToken === "string" ? page.nextPageToken : undefined;
      if (page.isLast === true || nextPageToken === undefined) return;
    }
  }

  /** `GET /rest/api/3/issue/{key}/comment`, paged by `startAt` until `total`. */
  async *issueComments(
    issueKey: string,
    options: JiraPageOptions = {},
  ): AsyncGenerator<JiraComment, void, undefined> {
    const maxResults = options.pageSize ?? 100;
    let startAt = 0;
    for (;;) {
      const page = await this.#request<JiraCommentPage>(
        "GET",
        `/rest/api/3/issue/${encodeURIComponent(issueKey)}/comment`,
        { query: { startAt, maxResults, orderBy: "created" }, signal: options.signal },
      );
      const comments = Array.isArray(page.comments) ? page.comments : [];
      yield* comments;
      startAt += comments.length;
      if (comments.length === 0 || typeof page.total !== "number" || startAt >= page.total) return;
    }
  }

  /** `GET /rest/api/3/project/search`, paged by `startAt` until `isLast`. */
  async *projects(options: JiraPageOptions = {}): AsyncGenerator<JiraProject, void, undefined> {
    const maxResults = options.pageSize ?? 50;
    let startAt = 0;
    for (;;) {
      const page = await this.#request<JiraProjectPage>("GET", "/rest/api/3/project/search", {
        query: { startAt, maxResults, expand: "lead" },
        signal: options.signal,
      });
      const values = Array.isArray(page.values) ? page.values : [];
      yield* values;
      startAt += values.length;
      if (page.isLast !== false || values.length === 0) return;
    }
  }

  async #request<T>(
    method: "GET" | "POST",
    path: string,
    options: {
      query?: Record<string, string | number>;
      body?: unknown;
      signal?: AbortSignal | undefined;
    },
  ): Promise<T> {
    const url = new URL(this.#base + path);
    for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, String(v));
    const what = `${method} ${path}`;
    const headers: Record<string, string> = {
      Authorization: this.#auth,
      Accept: "application/json",
    };
    if (options.body !== undefined) headers["Content-Type"] = "application/json";

    for (let attempt = 0; ; attempt++) {
      options.signal?.throwIfAborted();
      let response: Response;
      try {
        const init: RequestInit = { method, headers };
        if (options.body !== undefined) init.body = JSON.stringify(options.body);
        if (options.signal) init.signal = options.signal;
        response = await this.#fetch(url.toString(), init);
      } catch (cause) {
        if (options.signal?.aborted) throw cause;
        const error = new JiraApiError(
          "upstream",
          this.#scrub(`${what} failed: ${messageOf(cause)}`),
          { cause },
        );
        await this.#retryOrThrow(error, attempt, undefined, options.signal);
        continue;
      }
      if (response.ok) {
        try {
          // A lone surrogate escaped in the JSON could never be stored: repaired here.
          return toWellFormed(await response.json()) as T;
        } catch (cause) {
          throw new JiraApiError("upstream", `${what}: the response is not JSON`, {
            status: response.status,
            cause,
          });
        }
      }

      const status = response.status;
      const detail = await errorDetail(response);
      const retryAfter = parseRetryAfter(response.headers.get("retry-after"), this.#now());
      if (status === 401 || status === 403) {
        throw new JiraApiError(
          "auth",
          this.#scrub(
            `Jira refused the credentials (${status} ${status === 401 ? "Unauthorized" : "Forbidden"}) for ${what}: check jira.email and jira.apiToken, and that the account may browse the issues${detail}`,
          ),
          { status },
        );
      }
      if (status === 429 || (status === 503 && retryAfter !== undefined)) {
        const wait =
          retryAfter ?? backoffDelay(attempt, { baseMs: this.#retryBaseMs, random: this.#random });
        const error = new JiraApiError(
          "rate_limited",
          this.#scrub(`Jira rate-limited ${what} (${status}); retry after ${wait} ms${detail}`),
          { status, retryAfterMs: wait },
        );
        if (wait > this.#maxInlineWaitMs || attempt >= this.#maxRetries) throw error;
        await this.#wait(wait, error.message, options.signal);
        continue;
      }
      if (status >= 500) {
        const error = new JiraApiError(
          "upstream",
          this.#scrub(`Jira answered ${status} to ${what}${detail}`),
          retryAfter === undefined ? { status } : { status, retryAfterMs: retryAfter },
        );
        await this.#retryOrThrow(error, attempt, retryAfter, options.signal);
        continue;
      }
      throw new JiraApiError(
        "request",
        this.#scrub(`Jira answered ${status} to ${what}${detail}`),
        {
          status,
        },
      );
    }
  }

  async #retryOrThrow(
    error: JiraApiError,
    attempt: number,
    retryAfter: number | undefined,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    if (attempt >= this.#maxRetries) throw error;
    const wait =
      retryAfter ?? backoffDelay(attempt, { baseMs: this.#retryBaseMs, random: this.#random });
    await this.#wait(Math.min(wait, this.#maxInlineWaitMs), error.message, signal);
  }

  // Belt and braces: a token must never reach a log or a status, even echoed by a proxy.
  #scrub(message: string): string {
    return this.#token.length > 0 ? message.split(this.#token).join("***") : message;
  }
}

async function errorDetail(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { errorMessages?: unknown; errors?: unknown };
    const messages: string[] = [];
    if (Array.isArray(body.errorMessages)) {
      for (const m of body.errorMessages) if (typeof m === "string") messages.push(m);
    }
    if (body.errors && typeof body.errors === "object") {
      for (const [field, m] of Object.entries(body.errors)) {
        if (typeof m === "string") messages.push(`${field}: ${m}`);
      }
    }
    return messages.length > 0 ? `: ${messages.join("; ").slice(0, 500)}` : "";
  } catch {
    return "";
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function base64(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
