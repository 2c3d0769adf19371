import { backoffDelay, parseRetryAfter, redactSecrets, sleep, toWellFormed } from "@lakesync/core";
import type { UrlGuard } from "@lakesync/gateway";
import { SalesforceApiError } from "./errors.js";
import type {
  SalesforceErrorItem,
  SalesforceQueryPage,
  SalesforceRecord,
  SalesforceTokenResponse,
} from "./types.js";

export interface SalesforceClientOptions {
  /** Where the OAuth token endpoint lives, e.g. `https://login.salesforce.com` (no path). */
  readonly loginUrl: string;
  /** Used when the token response carries no `instance_url` (it normally does). */
  readonly instanceUrl?: string;
  /** REST API version without the `v`, e.g. `62.0`. */
  readonly apiVersion: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly username: string;
  /** The user's password followed by its security token. */
  readonly password: string;
  /** Default `globalThis.fetch`. A connector gets the server's URL-guarded one. */
  readonly fetch?: typeof fetch;
  /** Checks the `instance_url` the login answers before any call goes there. */
  readonly urlGuard?: UrlGuard;
  /**
   * A 503 `Retry-After` up to this long is waited out in place and the same request sent
   * again; a longer one fails the call as `rate_limited` so the host backs off. Default 30,000 ms.
   */
  readonly maxInlineWaitMs?: number;
  /** Attempts after the first for 5xx (503 included), network errors. Default 3. */
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

export interface SalesforceQueryOptions {
  /** `Sforce-Query-Options: batchSize=N` (200..2000; Salesforce may send fewer). */
  readonly batchSize?: number;
  readonly signal?: AbortSignal | undefined;
}

interface Session {
  readonly accessToken: string;
  readonly instanceUrl: string;
}

/**
 * A small Salesforce REST API client over `fetch`: the OAuth 2.0 username-password flow (one
 * re-login on `INVALID_SESSION_ID`), `queryAll` paged by `nextRecordsUrl`, retries, and
 * errors as `SalesforceApiError` with every credential scrubbed.
 * @example
 * const sf = new SalesforceClient({ loginUrl: "https://login.salesforce.com", apiVersion: "62.0",
 *   clientId, clientSecret, username, password });
 * for await (const record of sf.queryAll("SELECT Id, Name FROM Account")) console.log(record.Id);
 */
export class SalesforceClient {
  readonly #o: SalesforceClientOptions;
  readonly #fetch: typeof fetch;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly #now: () => number;
  #session: Session | null = null;
  /** Access tokens ever issued to this client: scrubbed from every message. */
  readonly #tokens = new Set<string>();

  constructor(options: SalesforceClientOptions) {
    this.#o = options;
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#sleep = options.sleep ?? sleep;
    this.#now = options.now ?? Date.now;
  }

  /** The instance the last login pointed at, or null before the first one. */
  get instanceUrl(): string | null {
    return this.#session?.instanceUrl ?? null;
  }

  /** Logs in unless a session is held. */
  async ensureSession(signal?: AbortSignal): Promise<void> {
    if (!this.#session) await this.login(signal);
  }

  /**
   * `POST {loginUrl}/services/oauth2/token` with `grant_type=password` (form-encoded).
   * A refused login is an `auth` error carrying Salesforce's `error_description`.
   */
  async login(signal?: AbortSignal): Promise<void> {
    const o = this.#o;
    const what = "POST /services/oauth2/token";
    const body = new URLSearchParams({
      grant_type: "password",
      client_id: o.clientId,
      client_secret: o.clientSecret,
      username: o.username,
      password: o.password,
    }).toString();
    const response = await this.#send(what, signal, () => ({
      url: `${trimSlash(o.loginUrl)}/services/oauth2/token`,
      init: {
        method: "POST",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          Accept: "application/json",
        },
        body,
      },
    }));
    if (!response.ok) {
      const { error, description } = await oauthError(response);
      const detail = `${error ?? `HTTP ${response.status}`}${description ? `: ${description}` : ""}`;
      if (error === "rate_limit_exceeded") {
        throw new SalesforceApiError(
          "rate_limited",
          this.#scrub(`Salesforce login was rate-limited (${detail})`),
          {
            status: response.status,
            errorCode: error,
          },
        );
      }
      throw new SalesforceApiError(
        "auth",
        this.#scrub(
          `Salesforce login failed (${detail}): check salesforce.clientId, clientSecret, username and password (the password followed by the security token), and loginUrl/isSandbox`,
        ),
        { status: response.status, ...(error ? { errorCode: error } : {}) },
      );
    }
    const token = await readJson<Partial<SalesforceTokenResponse>>(response, what);
    if (typeof token.access_token !== "string" || token.access_token === "") {
      throw new SalesforceApiError("upstream", `${what}: the response holds no access_token`, {
        status: response.status,
      });
    }
    this.#tokens.add(token.access_token);
    const instanceUrl =
      typeof token.instance_url === "string" && token.instance_url !== ""
        ? token.instance_url
        : o.instanceUrl;
    if (instanceUrl === undefined) {
      throw new SalesforceApiError("upstream", `${what}: the response holds no instance_url`);
    }
    const guarded = o.urlGuard?.(instanceUrl);
    if (guarded && !guarded.ok) {
      throw new SalesforceApiError(
        "config",
        this.#scrub(`the instance_url Salesforce answered is refused: ${guarded.error.message}`),
      );
    }
    this.#session = { accessToken: token.access_token, instanceUrl: trimSlash(instanceUrl) };
  }

  /**
   * `GET /services/data/v{apiVersion}/queryAll?q=<soql>`, then each `nextRecordsUrl` until
   * `done`. `queryAll` includes deleted (`IsDeleted = true`) and archived records.
   */
  async *queryAll(
    soql: string,
    options: SalesforceQueryOptions = {},
  ): AsyncGenerator<SalesforceRecord, void, undefined> {
    let path: string | null =
      `/services/data/v${this.#o.apiVersion}/queryAll?q=${encodeURIComponent(soql)}`;
    while (path !== null) {
      const page: SalesforceQueryPage = await this.#get<SalesforceQueryPage>(path, options);
      if (Array.isArray(page.records)) yield* page.records;
      path =
        page.done === false && typeof page.nextRecordsUrl === "string" ? page.nextRecordsUrl : null;
    }
  }

  /** A GET on the instance with the session, logging in again once on `INVALID_SESSION_ID`. */
  async #get<T>(path: string, options: SalesforceQueryOptions): Promise<T> {
    const what = `GET ${path.split("?")[0]}`;
    const { signal, batchSize } = options;
    for (let relogin = 0; ; relogin++) {
      await this.ensureSession(signal);
      const session = this.#session as Session;
      const response = await this.#send(what, signal, () => {
        const headers: Record<string, string> = {
          Authorization: `Bearer ${session.accessToken}`,
          Accept: "application/json",
        };
        if (batchSize !== undefined) headers["Sforce-Query-Options"] = `batchSize=${batchSize}`;
        return { url: session.instanceUrl + path, init: { method: "GET", headers } };
      });
      if (response.ok) return readJson<T>(response, what);

      const { status } = response;
      const item = await restError(response);
      const detail = `${item.errorCode ?? `HTTP ${status}`}${item.message ? `: ${item.message}` : ""}`;
      const errorCode = item.errorCode ? { errorCode: item.errorCode } : {};
      if (status === 401) {
        // The session expired or was revoked: log in again, once per request.
        this.#session = null;
        if (relogin === 0) continue;
        throw new SalesforceApiError(
          "auth",
          this.#scrub(`Salesforce refused a fresh session for ${what} (401 ${detail})`),
          { status, ...errorCode },
        );
      }
      if (status === 403 && item.errorCode === "REQUEST_LIMIT_EXCEEDED") {
        throw new SalesforceApiError(
          "limit_exceeded",
          this.#scrub(
            `Salesforce API request limit exceeded (${detail}); syncing resumes at the next interval`,
          ),
          { status, ...errorCode },
        );
      }
      if (status >= 500) {
        throw new SalesforceApiError(
          "upstream",
          this.#scrub(`Salesforce answered ${status} to ${what} (${detail})`),
          {
            status,
            ...errorCode,
          },
        );
      }
      const kind = status === 403 ? "auth" : "request";
      throw new SalesforceApiError(
        kind,
        this.#scrub(`Salesforce answered ${status} to ${what} (${detail})`),
        {
          status,
          ...errorCode,
        },
      );
    }
  }

  /**
   * Sends a request, retrying network errors and 5xx with bounded exponential backoff and
   * waiting out a 503's `Retry-After`. Any other answer is returned as it is.
   */
  async #send(
    what: string,
    signal: AbortSignal | undefined,
    build: () => { url: string; init: RequestInit },
  ): Promise<Response> {
    const maxRetries = this.#o.maxRetries ?? 3;
    for (let attempt = 0; ; attempt++) {
      signal?.throwIfAborted();
      const { url, init } = build();
      let response: Response;
      try {
        response = await this.#fetch(url, signal ? { ...init, signal } : init);
      } catch (cause) {
        if (signal?.aborted) throw cause;
        const error = new SalesforceApiError(
          "upstream",
          this.#scrub(`${what} failed: ${cause instanceof Error ? cause.message : String(cause)}`),
          { cause },
        );
        if (attempt >= maxRetries) throw error;
        await this.#wait(this.#backoff(attempt), error.message, signal);
        continue;
      }
      if (response.status < 500) return response;

      const retryAfter =
        response.status === 503
          ? parseRetryAfter(response.headers.get("retry-after"), this.#now())
          : undefined;
      const item = await restError(response);
      const detail = item.errorCode
        ? ` (${item.errorCode}${item.message ? `: ${item.message}` : ""})`
        : "";
      if (retryAfter !== undefined) {
        const error = new SalesforceApiError(
          "rate_limited",
          this.#scrub(
            `Salesforce is unavailable for ${what} (503)${detail}; retry after ${retryAfter} ms`,
          ),
          { status: 503, retryAfterMs: retryAfter },
        );
        if (retryAfter > (this.#o.maxInlineWaitMs ?? 30_000) || attempt >= maxRetries) throw error;
        await this.#wait(retryAfter, error.message, signal);
        continue;
      }
      const error = new SalesforceApiError(
        "upstream",
        this.#scrub(`Salesforce answered ${response.status} to ${what}${detail}`),
        { status: response.status },
      );
      if (attempt >= maxRetries) throw error;
      await this.#wait(this.#backoff(attempt), error.message, signal);
    }
  }

  #backoff(attempt: number): number {
    return backoffDelay(attempt, {
      baseMs: this.#o.retryBaseMs ?? 500,
      capMs: this.#o.maxInlineWaitMs ?? 30_000,
      ...(this.#o.random ? { random: this.#o.random } : {}),
    });
  }

  /** Waits in place, telling `onWait` before and after so the host can show backing_off. */
  async #wait(ms: number, reason: string, signal: AbortSignal | undefined): Promise<void> {
    this.#o.onWait?.({ waitMs: ms, reason });
    try {
      await this.#sleep(ms, signal);
    } finally {
      this.#o.onWait?.(null);
    }
  }

  // Belt and braces: a credential must never reach a log or a status, even echoed back.
  #scrub(message: string): string {
    return redactSecrets(message, [this.#o.password, this.#o.clientSecret, ...this.#tokens]);
  }
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}

async function readJson<T>(response: Response, what: string): Promise<T> {
  try {
    // A lone surrogate escaped in the JSON could never be stored: repaired here.
    return toWellFormed(await response.json()) as T;
  } catch (cause) {
    throw new SalesforceApiError("upstream", `${what}: the response is not JSON`, {
      status: response.status,
      cause,
    });
  }
}

/** The first `{ message, errorCode }` of a REST error body (an array), or nothing. */
async function restError(response: Response): Promise<SalesforceErrorItem> {
  try {
    const body = (await response.json()) as unknown;
    const first = (Array.isArray(body) ? body[0] : body) as SalesforceErrorItem | undefined;
    if (!first || typeof first !== "object") return {};
    return {
      ...(typeof first.errorCode === "string" ? { errorCode: first.errorCode } : {}),
      ...(typeof first.message === "string" ? { message: first.message.trim().slice(0, 500) } : {}),
    };
  } catch {
    return {};
  }
}

/** `{ error, error_description }` of an OAuth error body. */
async function oauthError(response: Response): Promise<{ error?: string; description?: string }> {
  try {
    const body = (await response.json()) as { error?: unknown; error_description?: unknown };
    return {
      ...(typeof body.error === "string" ? { error: body.error } : {}),
      ...(typeof body.error_description === "string"
        ? { description: body.error_description.slice(0, 500) }
        : {}),
    };
  } catch {
    return {};
  }
}
