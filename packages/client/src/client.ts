import type {
  ConnectorConfigInput,
  ConnectorDescriptor,
  SyncRules,
  TableSchema,
} from "@lakesync/core";
import { LakeSyncClientError } from "./errors.js";
import {
  type SubscribeOptions,
  Subscription,
  type SubscriptionDeps,
} from "./subscribe/subscription.js";
import type { WebSocketConstructor } from "./subscribe/web-socket.js";
import { type RequestOptions, type TokenProvider, Transport } from "./transport.js";
import type {
  ConnectorRegistered,
  ConnectorStatus,
  ConnectorUnregistered,
  Flushed,
  PullPage,
  PullRequest,
  PushAck,
  PushRequest,
  SchemaRegistered,
  SyncRulesUpdated,
} from "./wire.js";

/** What a client is built from. */
export interface LakeSyncClientOptions {
  /** The server's base URL, e.g. `http://localhost:3000`. */
  readonly url: string;
  /** The gateway id of every `:gw` route. */
  readonly gatewayId: string;
  /** A fixed bearer token (JWT). */
  readonly token?: string | undefined;
  /** Called before every request and WebSocket connect, so tokens can rotate. */
  readonly getToken?: TokenProvider | undefined;
  /** Default `globalThis.fetch`. */
  readonly fetch?: typeof fetch | undefined;
  /** Default `globalThis.WebSocket`; on Node 20 pass `WebSocket` from the `ws` package. */
  readonly WebSocket?: WebSocketConstructor | undefined;
  /** Extra headers on every HTTP request. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** Timers and randomness of reconnects (tests). */
  readonly timers?: Pick<SubscriptionDeps, "setTimeout" | "clearTimeout" | "random"> | undefined;
}

/**
 * A typed client of one gateway of a LakeSync server: every admin and sync route, and the
 * sync WebSocket. Every method rejects with a `LakeSyncApiError` (the server's `status`,
 * `code`, `message`, `issues`) or a `LakeSyncNetworkError` (no answer).
 * @example
 * const client = new LakeSyncClient({ url: "http://localhost:3000", gatewayId: "my-gw", token });
 * await client.connectors.register({ name: "db", type: "postgres", postgres: { connectionString } });
 * const page = await client.pull({ since: "0" });
 */
export class LakeSyncClient {
  readonly gatewayId: string;
  readonly #transport: Transport;
  readonly #options: LakeSyncClientOptions;
  readonly #gw: string;

  constructor(options: LakeSyncClientOptions) {
    if (!options.gatewayId) throw new TypeError("gatewayId is required");
    this.#transport = new Transport(options);
    this.#options = options;
    this.gatewayId = options.gatewayId;
    this.#gw = encodeURIComponent(options.gatewayId);
  }

  /** The server's base URL, without a trailing slash. */
  get url(): string {
    return this.#transport.baseUrl;
  }

  /**
   * Every connector type the server knows, built-in and custom (`GET /connectors/types`,
   * no token needed).
   */
  connectorTypes(options?: RequestOptions): Promise<ConnectorDescriptor[]> {
    return this.#transport.request({
      method: "GET",
      path: "/connectors/types",
      auth: false,
      signal: options?.signal,
    });
  }

  /** The gateway's connectors (admin token). */
  readonly connectors = {
    /**
     * Every connector with its live status; never a secret.
     * @example
     * for (const c of await client.connectors.list()) console.log(c.name, c.state, c.lastError);
     */
    list: (options?: RequestOptions): Promise<ConnectorStatus[]> =>
      this.#admin("GET", `/admin/connectors/${this.#gw}`, undefined, options),
    /**
     * Registers a connector: 400 `issues` name each bad field, 409 `CONNECTOR_EXISTS`.
     * @example
     * await client.connectors.register({ name: "jira-eng", type: "jira", jira: { domain, email, apiToken } });
     */
    register: (
      config: ConnectorConfigInput,
      options?: RequestOptions,
    ): Promise<ConnectorRegistered> =>
      this.#admin("POST", `/admin/connectors/${this.#gw}`, config, options),
    /** Stops and removes a connector: 404 `CONNECTOR_NOT_FOUND` when there is none by that name. */
    unregister: (name: string, options?: RequestOptions): Promise<ConnectorUnregistered> =>
      this.#admin(
        "DELETE",
        `/admin/connectors/${this.#gw}/${encodeURIComponent(name)}`,
        undefined,
        options,
      ),
  };

  /** The gateway's sync rules (admin token). */
  readonly syncRules = {
    /** Replaces the rules; they apply at once to pulls and broadcasts. */
    set: (rules: SyncRules, options?: RequestOptions): Promise<SyncRulesUpdated> =>
      this.#admin("POST", `/admin/sync-rules/${this.#gw}`, rules, options),
  };

  /** The gateway's table schemas (admin token). */
  readonly schema = {
    /** Creates or widens the typed table that flushed rows are materialised into. */
    register: (schema: TableSchema, options?: RequestOptions): Promise<SchemaRegistered> =>
      this.#admin("POST", `/admin/schema/${this.#gw}`, schema, options),
  };

  /** Writes the gateway's buffered deltas to the store now (admin token). */
  flush(options?: RequestOptions): Promise<Flushed> {
    return this.#admin("POST", `/admin/flush/${this.#gw}`, undefined, options);
  }

  /**
   * Pushes deltas, all or nothing; re-sent deltas (same `deltaId`) are skipped.
   * @example
   * const { serverHlc, accepted } = await client.push({ clientId: "app-1", deltas });
   */
  push(request: PushRequest, options?: RequestOptions): Promise<PushAck> {
    return this.#transport.request({
      method: "POST",
      path: `/sync/${this.#gw}/push`,
      body: request,
      auth: true,
      signal: options?.signal,
    });
  }

  /**
   * One page of the deltas after `since` that your token admits (`source`: a database
   * connector's delta log). Page with `pullPages`, or while `hasMore`.
   */
  pull(request: PullRequest = {}, options?: RequestOptions): Promise<PullPage> {
    return this.#transport.request({
      method: "GET",
      path: `/sync/${this.#gw}/pull`,
      query: {
        since: request.since,
        clientId: request.clientId,
        limit: request.limit,
        source: request.source,
      },
      auth: true,
      signal: options?.signal,
    });
  }

  /**
   * Every page from `since` on, each pulled when the previous one is consumed; stops after
   * the page whose `hasMore` is false. The last page's `serverHlc` is the next `since`.
   * @example
   * let since = "0";
   * for await (const page of client.pullPages({ since })) { apply(page.deltas); since = page.serverHlc; }
   */
  async *pullPages(request: PullRequest = {}, options?: RequestOptions): AsyncGenerator<PullPage> {
    let since = request.since;
    for (;;) {
      const page = await this.pull({ ...request, since }, options);
      yield page;
      if (!page.hasMore) return;
      since = page.serverHlc;
    }
  }

  /**
   * Subscribes to the gateway's broadcasts over `/sync/:gw/ws?token=`, reconnecting with
   * exponential backoff and jitter. After a reconnect `onStatus` reports
   * `{ state: "open", reconnected: true }`: pull from your last `serverHlc` then.
   * Throws a `TypeError` when no WebSocket constructor is available (Node 20: pass `ws`).
   * @example
   * const sub = client.subscribe({
   *   onDeltas: ({ deltas, serverHlc }) => apply(deltas, serverHlc),
   *   onStatus: (s) => { if (s.state === "open" && s.reconnected) catchUp(); },
   * });
   * sub.close();
   */
  subscribe(options: SubscribeOptions): Subscription {
    const WebSocketCtor =
      this.#options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!WebSocketCtor) {
      throw new TypeError(
        "No global WebSocket in this runtime: pass one, e.g. new LakeSyncClient({ WebSocket }) with WebSocket from the ws package",
      );
    }
    const url = `${this.#transport.baseUrl.replace(/^http/, "ws")}/sync/${this.#gw}/ws`;
    return new Subscription(options, {
      url,
      WebSocket: WebSocketCtor,
      token: () => this.#transport.token(),
      ...this.#options.timers,
    });
  }

  #admin<T>(
    method: "GET" | "POST" | "DELETE",
    path: string,
    body: unknown,
    options: RequestOptions | undefined,
  ): Promise<T> {
    return this.#transport.request<T>({ method, path, body, auth: true, signal: options?.signal });
  }
}

/** Whether `error` came from this client (an API or a network error). */
export function isLakeSyncClientError(error: unknown): error is LakeSyncClientError {
  return error instanceof LakeSyncClientError;
}
