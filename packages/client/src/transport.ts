import { LakeSyncApiError, LakeSyncNetworkError } from "./errors.js";
import type { ErrorBodyJson } from "./wire.js";

/** A bearer token, or a function called before every request (and WebSocket connect) for one. */
export type TokenProvider = () => string | Promise<string>;

/** How the client reaches the gateway. */
export interface TransportOptions {
  /** The server's base URL, e.g. `https://gateway.example.com` (a path prefix is kept). */
  readonly url: string;
  readonly token?: string | undefined;
  readonly getToken?: TokenProvider | undefined;
  /** Default `globalThis.fetch`, looked up at each call. */
  readonly fetch?: typeof fetch | undefined;
  /** Extra headers on every request (never the token: use `token` or `getToken`). */
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

/** Per-call options. */
export interface RequestOptions {
  /** Aborts the request; the promise rejects with the signal's reason. */
  readonly signal?: AbortSignal | undefined;
}

interface Call {
  readonly method: "GET" | "POST" | "DELETE";
  /** Path below the base URL, already encoded. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | undefined>> | undefined;
  readonly body?: unknown;
  /** Send the bearer token. */
  readonly auth: boolean;
  readonly signal?: AbortSignal | undefined;
}

/**
 * One HTTP call to the gateway: the token (resolved per call, so it can rotate), JSON in
 * and out, and every failure typed: `LakeSyncApiError` for an error answer,
 * `LakeSyncNetworkError` when there is no answer.
 */
export class Transport {
  readonly baseUrl: string;
  readonly #options: TransportOptions;

  constructor(options: TransportOptions) {
    let parsed: URL;
    try {
      parsed = new URL(options.url);
    } catch {
      throw new TypeError(`url must be an absolute http(s) URL, got "${options.url}"`);
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
      throw new TypeError(`url must be an http(s) URL, got "${parsed.protocol}"`);
    }
    if (options.token !== undefined && options.getToken !== undefined) {
      throw new TypeError("Pass either token or getToken, not both");
    }
    this.baseUrl = `${parsed.origin}${parsed.pathname.replace(/\/+$/, "")}`;
    this.#options = options;
  }

  /** The current token: `token`, or a fresh one from `getToken`; undefined when neither. */
  async token(): Promise<string | undefined> {
    if (this.#options.getToken) return await this.#options.getToken();
    return this.#options.token;
  }

  /** Sends `call` and returns the parsed JSON body of a 2xx answer. */
  async request<T>(call: Call): Promise<T> {
    const url = new URL(`${this.baseUrl}${call.path}`);
    for (const [key, value] of Object.entries(call.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = {
      ...this.#options.headers,
      accept: "application/json",
    };
    if (call.auth) {
      const token = await this.token();
      if (token !== undefined) headers.authorization = `Bearer ${token}`;
    }
    const init: RequestInit = { method: call.method, headers };
    if (call.body !== undefined) {
      headers["content-type"] = "application/json";
      init.body = JSON.stringify(call.body);
    }
    if (call.signal) init.signal = call.signal;

    const fetchFn = this.#options.fetch ?? globalThis.fetch;
    let response: Response;
    try {
      response = await fetchFn(url, init);
    } catch (error) {
      if (call.signal?.aborted) throw call.signal.reason ?? error;
      throw new LakeSyncNetworkError(
        `${call.method} ${this.baseUrl}${call.path} failed: ${describe(error)}`,
        { cause: error },
      );
    }
    const text = await readText(response, call);
    if (!response.ok) throw toApiError(response, text);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new LakeSyncApiError({
        status: response.status,
        code: "INVALID_RESPONSE",
        message: `${call.method} ${call.path} answered ${response.status} with a body that is not JSON`,
      });
    }
  }
}

async function readText(response: Response, call: Call): Promise<string> {
  try {
    return await response.text();
  } catch (error) {
    if (call.signal?.aborted) throw call.signal.reason ?? error;
    throw new LakeSyncNetworkError(
      `${call.method} ${call.path}: the connection broke while reading the answer: ${describe(error)}`,
      { cause: error },
    );
  }
}

/** The typed error of an error answer, from its LakeSync body when it has one. */
function toApiError(response: Response, text: string): LakeSyncApiError {
  const retryAfter = Number(response.headers.get("retry-after") ?? Number.NaN);
  const retryAfterSeconds = Number.isFinite(retryAfter) ? retryAfter : undefined;
  const body = parseErrorBody(text);
  if (body) {
    return new LakeSyncApiError({
      status: response.status,
      code: body.error.code,
      message: body.error.message,
      issues: body.error.issues,
      retryAfterSeconds,
    });
  }
  const reason = response.statusText ? ` ${response.statusText}` : "";
  return new LakeSyncApiError({
    status: response.status,
    code: "HTTP_ERROR",
    message: `HTTP ${response.status}${reason}`,
    retryAfterSeconds,
  });
}

function parseErrorBody(text: string): ErrorBodyJson | undefined {
  try {
    const body = JSON.parse(text) as Partial<ErrorBodyJson> | null;
    const error = body?.error;
    if (typeof error?.code === "string" && typeof error.message === "string") {
      return body as ErrorBodyJson;
    }
  } catch {
    // Not JSON: a proxy's page, say.
  }
  return undefined;
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
    return `${error.message}${cause}`;
  }
  return String(error);
}
