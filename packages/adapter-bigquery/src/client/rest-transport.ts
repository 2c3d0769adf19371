import { readFile } from "node:fs/promises";
import { parseRetryAfter, redactSecrets } from "@lakesync/core";
import { GoogleAuth, JWT, type JWTInput, UserRefreshClient } from "google-auth-library";
import { BigQueryError, errorOfResponse, unexpectedAnswer } from "./bigquery-error.js";

/** One call of the REST API v2, relative to `/bigquery/v2/projects/{projectId}`. */
export interface RestCall {
  readonly method: "GET" | "POST";
  readonly path: string;
  readonly query?: Record<string, string | number | boolean>;
  readonly json?: unknown;
  /** The call's name in messages: `jobs.query`. */
  readonly what: string;
  readonly timeoutMs: number;
  /** Cancels the call: it fails with the signal's BigQueryError reason, else as cancelled. */
  readonly signal?: AbortSignal | undefined;
}

export interface RestTransportOptions {
  readonly projectId: string;
  /** An emulator: no credentials are sent. Default: Google's endpoint, with credentials. */
  readonly apiEndpoint?: string | undefined;
  readonly keyFilename?: string | undefined;
  readonly fetch?: typeof fetch | undefined;
}

const GOOGLE_ENDPOINT = "https://bigquery.googleapis.com";
/** Longer waits a rate limit asks for are capped: a poller should not stop for a day. */
const MAX_RETRY_AFTER_MS = 5 * 60_000;

/**
 * HTTP to BigQuery's REST API v2 with `fetch`: JSON in and out, credentials from
 * google-auth-library (none for an emulator), a timeout per call, and no redirects (BigQuery
 * never redirects API calls; following one would contact a host nobody configured).
 */
export class RestTransport {
  /** The endpoint's origin (no path, no user info), for messages. */
  readonly origin: string;
  readonly #base: string;
  readonly #auth: (() => Promise<HeaderSource>) | undefined;
  readonly #fetch: typeof fetch;

  constructor(options: RestTransportOptions) {
    const endpoint = options.apiEndpoint ?? GOOGLE_ENDPOINT;
    const url = new URL(/^\w+:\/\//.test(endpoint) ? endpoint : `https://${endpoint}`);
    // fetch refuses URLs with user info, and would quote them in its error.
    url.username = "";
    url.password = "";
    this.origin = url.origin;
    this.#base = `${url.href.replace(/\/+$/, "")}/bigquery/v2/projects/${encodeURIComponent(options.projectId)}`;
    this.#auth = options.apiEndpoint ? undefined : googleAuth(options.keyFilename);
    this.#fetch = options.fetch ?? globalThis.fetch;
  }

  /** Sends the call and answers its JSON object; any failure is a {@link BigQueryError}. */
  async send(call: RestCall): Promise<Record<string, unknown>> {
    const url = new URL(this.#base + call.path);
    for (const [k, v] of Object.entries(call.query ?? {})) url.searchParams.set(k, String(v));
    const timeout = AbortSignal.timeout(call.timeoutMs);
    const signal = call.signal ? AbortSignal.any([call.signal, timeout]) : timeout;
    const headers = await this.#headers(url);
    if (call.json !== undefined) headers.set("content-type", "application/json");
    let response: Response;
    let text: string;
    try {
      response = await this.#fetch(url, {
        method: call.method,
        headers,
        ...(call.json !== undefined ? { body: JSON.stringify(call.json) } : {}),
        redirect: "manual",
        signal,
      });
      text = await response.text();
    } catch (err) {
      if (call.signal?.aborted) throw cancelled(call.signal);
      if (timeout.aborted) throw noAnswer(this.origin, call.timeoutMs);
      throw unreachable(this.origin, err);
    }
    let body: unknown;
    try {
      body = text === "" ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (response.status >= 300 && response.status < 400) {
      throw new BigQueryError(
        `BigQuery answered ${call.what} with a redirect (HTTP ${response.status}), which BigQuery never sends; it was not followed`,
        false,
        { status: response.status },
      );
    }
    if (!response.ok) {
      const wait = parseRetryAfter(response.headers.get("retry-after"), Date.now());
      const retryAfterMs = wait === undefined ? undefined : Math.min(wait, MAX_RETRY_AFTER_MS);
      throw errorOfResponse(response.status, response.statusText, body, retryAfterMs);
    }
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      const got = text === "" ? "an empty body" : "a body that is not a JSON object";
      throw unexpectedAnswer(call.what, `${got} (HTTP ${response.status})`);
    }
    return body as Record<string, unknown>;
  }

  /** Google's credentials for `url` (none for an emulator). */
  async #headers(url: URL): Promise<Headers> {
    try {
      if (!this.#auth) return new Headers();
      return new Headers(await (await this.#auth()).getRequestHeaders(url.href));
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new BigQueryError(`Cannot get Google credentials: ${redactSecrets(why)}`, false);
    }
  }
}

/** What answers for Google's credentials: a GoogleAuth, or the client a key file made. */
interface HeaderSource {
  getRequestHeaders(url?: string): Promise<HeadersInit | Headers>;
}

const SCOPES = ["https://www.googleapis.com/auth/bigquery"];

/**
 * Google's credentials for BigQuery: the key in `keyFilename`, read here once and made into
 * its client (the library's own `keyFilename` and `credentials` options are deprecated and say
 * so on every use), else the application default credentials. A file that is not a JSON key is
 * named as such, and nothing of its content is quoted.
 */
function googleAuth(keyFilename: string | undefined): () => Promise<HeaderSource> {
  if (!keyFilename) {
    const auth = new GoogleAuth({ scopes: SCOPES });
    return async () => auth;
  }
  let client: Promise<HeaderSource> | undefined;
  return () => {
    // A failed read is tried again on the next call: the file may appear.
    client ??= keyClient(keyFilename).catch((err: unknown) => {
      client = undefined;
      throw err;
    });
    return client;
  };
}

/** The client of a service account key or of a user's credentials, read from `path`. */
async function keyClient(path: string): Promise<HeaderSource> {
  const text = await readFile(path, "utf8");
  let key: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) {
      key = parsed as Record<string, unknown>;
    }
  } catch {
    key = undefined;
  }
  if (key?.type === "service_account") {
    return new JWT({
      email: key.client_email as string,
      key: key.private_key as string,
      ...(typeof key.private_key_id === "string" ? { keyId: key.private_key_id } : {}),
      scopes: SCOPES,
    });
  }
  if (key?.type === "authorized_user") return UserRefreshClient.fromJSON(key as JWTInput);
  throw new Error(
    `keyFilename ${path} is not a service account key or user credentials file (JSON with "type": "service_account" or "authorized_user")`,
  );
}

/** A signal that aborts after `ms` with "No answer from <origin> within N s": a shared budget. */
export function answerWithin(origin: string, ms: number): AbortSignal {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(noAnswer(origin, ms)), ms);
  // The budget must not keep a process alive once nobody waits on it.
  (timer as { unref?: () => void }).unref?.();
  return controller.signal;
}

/** Not retried in place: a silent endpoint would hold the caller several timeouts long. */
function noAnswer(origin: string, ms: number): BigQueryError {
  return new BigQueryError(`No answer from ${origin} within ${ms / 1000} s`, false);
}

/** The failure of a call (or a wait) that `signal` cancelled. */
export function cancelled(signal: AbortSignal): BigQueryError {
  return signal.reason instanceof BigQueryError
    ? signal.reason
    : new BigQueryError("The BigQuery request was cancelled (its source was closed)", false);
}

/** A request that got no HTTP answer (refused, reset, DNS): worth retrying in place. */
function unreachable(origin: string, err: unknown): BigQueryError {
  const cause = (err as { cause?: { code?: unknown; message?: unknown } }).cause;
  const why = cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
  return new BigQueryError(`Cannot reach ${origin}: ${redactSecrets(String(why))}`, true);
}
