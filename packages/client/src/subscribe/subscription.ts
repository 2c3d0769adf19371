/**
 * A live subscription to a gateway's sync WebSocket, reconnecting on its own.
 *
 * ```
 *            close()                                   close()
 *   ┌──────────────────────────┐  ┌───────────────────────────────────┐
 *   │                          ▼  │                                   ▼
 * connecting ──open──▶ open ──socket closed──▶ waiting ──delay──▶ connecting ... closed
 *   │                                            ▲   │
 *   └────────refused / unreachable / no token────┘   └─ maxAttempts reached ─▶ closed
 * ```
 *
 * Each `open` after the first carries `reconnected: true`: deltas broadcast while the socket
 * was down are not replayed, so that is the caller's cue to pull from its last `serverHlc`.
 * The transitions live in `#transition` only.
 */
import { LakeSyncApiError, type LakeSyncClientError, LakeSyncNetworkError } from "../errors.js";
import type { PushAck, PushRequest, WsDeltasMessage, WsServerMessage } from "../wire.js";
import { type BackoffOptions, backoffDelay } from "./backoff.js";
import { type WebSocketConstructor, type WebSocketLike, WS_OPEN } from "./web-socket.js";

/** Where a subscription is. */
export type SubscriptionStatus =
  | { readonly state: "connecting"; readonly attempt: number }
  | { readonly state: "open"; readonly reconnected: boolean }
  | {
      readonly state: "waiting";
      /** The attempt that comes next (1 for the first retry). */
      readonly attempt: number;
      readonly delayMs: number;
      /** The close code of the lost socket (1001: server shutting down, 4001: token expired...). */
      readonly code?: number | undefined;
      readonly reason?: string | undefined;
    }
  | {
      readonly state: "closed";
      readonly code?: number | undefined;
      readonly reason?: string | undefined;
    };

/** What `subscribe` is given. */
export interface SubscribeOptions {
  /** Deltas pushed by other clients and connectors, filtered by your token's claims and the sync rules. */
  readonly onDeltas: (message: WsDeltasMessage) => void;
  /** Every state change. On `{ state: "open", reconnected: true }`, pull what you missed. */
  readonly onStatus?: ((status: SubscriptionStatus) => void) | undefined;
  /** Errors that belong to no call: an `error` message without a pending push, a failed `getToken`. */
  readonly onError?: ((error: LakeSyncClientError) => void) | undefined;
  /** `?clientId=`: overrides the token's `sub` (your own deltas are not sent back to you). */
  readonly clientId?: string | undefined;
  readonly backoff?: BackoffOptions | undefined;
  /** Failed attempts in a row before giving up (state `closed`). Default: never give up. */
  readonly maxAttempts?: number | undefined;
}

/** The seams of a subscription (all injectable for tests). */
export interface SubscriptionDeps {
  /** `ws://…/sync/:gw/ws` without a query. */
  readonly url: string;
  readonly WebSocket: WebSocketConstructor;
  readonly token: () => Promise<string | undefined>;
  readonly random?: (() => number) | undefined;
  readonly setTimeout?: ((fn: () => void, ms: number) => unknown) | undefined;
  readonly clearTimeout?: ((handle: unknown) => void) | undefined;
}

interface Pending {
  resolve(ack: PushAck): void;
  reject(error: LakeSyncClientError): void;
}

/** A running subscription: `close()` ends it, `push()` sends deltas over the socket. */
export class Subscription {
  #status: SubscriptionStatus = { state: "connecting", attempt: 0 };
  #socket: WebSocketLike | undefined;
  #timer: unknown;
  #failures = 0;
  #opens = 0;
  #nextId = 0;
  readonly #pending = new Map<string, Pending>();
  readonly #options: SubscribeOptions;
  readonly #deps: SubscriptionDeps;

  constructor(options: SubscribeOptions, deps: SubscriptionDeps) {
    this.#options = options;
    this.#deps = deps;
    void this.#connect();
  }

  /** The current state. */
  get status(): SubscriptionStatus {
    return this.#status;
  }

  /**
   * Pushes over the socket: resolves with the ack, rejects with a `LakeSyncApiError` (its
   * `status` is 0: a WebSocket error carries no HTTP status) or, when the socket is not open
   * or closes first, a `LakeSyncNetworkError`.
   */
  push(request: PushRequest): Promise<PushAck> {
    const socket = this.#socket;
    if (this.#status.state !== "open" || !socket || socket.readyState !== WS_OPEN) {
      return Promise.reject(
        new LakeSyncNetworkError(`Cannot push: the subscription is ${this.#status.state}`),
      );
    }
    const id = `push-${++this.#nextId}`;
    return new Promise<PushAck>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      socket.send(JSON.stringify({ type: "push", id, ...request }));
    });
  }

  /** Ends the subscription for good: no more reconnects, pending pushes rejected. Idempotent. */
  close(): void {
    if (this.#status.state === "closed") return;
    this.#transition({ state: "closed", code: 1000, reason: "Closed by the client" });
  }

  #transition(next: SubscriptionStatus): void {
    this.#status = next;
    if (next.state === "closed" || next.state === "waiting") {
      this.#rejectPending(`The socket closed${next.code ? ` (${next.code})` : ""}`);
    }
    if (next.state === "closed") {
      if (this.#timer !== undefined)
        (this.#deps.clearTimeout ?? clearTimeout)(this.#timer as never);
      this.#timer = undefined;
      const socket = this.#socket;
      this.#socket = undefined;
      if (socket) {
        detach(socket);
        socket.close(1000, "Closed by the client");
      }
    }
    this.#options.onStatus?.(next);
  }

  async #connect(): Promise<void> {
    if (this.#status.state === "closed") return;
    this.#transition({ state: "connecting", attempt: this.#failures });
    let token: string | undefined;
    try {
      token = await this.#deps.token();
    } catch (error) {
      this.#options.onError?.(
        new LakeSyncNetworkError(`getToken failed: ${message(error)}`, { cause: error }),
      );
      this.#retry(undefined, "getToken failed");
      return;
    }
    if (this.#status.state !== "connecting") return; // closed while waiting for the token
    const url = new URL(this.#deps.url);
    if (token !== undefined) url.searchParams.set("token", token);
    if (this.#options.clientId !== undefined)
      url.searchParams.set("clientId", this.#options.clientId);

    let socket: WebSocketLike;
    try {
      socket = new this.#deps.WebSocket(url.toString());
    } catch (error) {
      this.#options.onError?.(
        new LakeSyncNetworkError(`Cannot open the WebSocket: ${message(error)}`, { cause: error }),
      );
      this.#retry(undefined, "WebSocket constructor failed");
      return;
    }
    this.#socket = socket;
    socket.onopen = () => {
      if (this.#socket !== socket) return;
      this.#failures = 0;
      this.#opens += 1;
      this.#transition({ state: "open", reconnected: this.#opens > 1 });
    };
    socket.onmessage = (event: { data: unknown }) => {
      if (this.#socket === socket) this.#receive(event.data);
    };
    socket.onclose = (event: { code?: number; reason?: string }) => {
      if (this.#socket !== socket) return;
      detach(socket);
      this.#socket = undefined;
      this.#retry(event.code, event.reason || undefined);
    };
    // A failed connection is followed by `close`, which retries.
    socket.onerror = () => {};
  }

  #retry(code: number | undefined, reason: string | undefined): void {
    if (this.#status.state === "closed") return;
    this.#failures += 1;
    const max = this.#options.maxAttempts;
    if (max !== undefined && this.#failures > max) {
      this.#transition({ state: "closed", code, reason: reason ?? "Gave up reconnecting" });
      return;
    }
    const delayMs = backoffDelay(this.#failures, this.#options.backoff, this.#deps.random);
    this.#transition({ state: "waiting", attempt: this.#failures, delayMs, code, reason });
    this.#timer = (this.#deps.setTimeout ?? setTimeout)(() => {
      this.#timer = undefined;
      void this.#connect();
    }, delayMs);
  }

  #receive(data: unknown): void {
    let parsed: WsServerMessage;
    try {
      parsed = JSON.parse(typeof data === "string" ? data : String(data)) as WsServerMessage;
    } catch {
      this.#options.onError?.(
        new LakeSyncApiError({
          status: 0,
          code: "INVALID_RESPONSE",
          message: "A WebSocket message was not JSON",
        }),
      );
      return;
    }
    const pending =
      "id" in parsed && parsed.id !== undefined ? this.#pending.get(String(parsed.id)) : undefined;
    switch (parsed.type) {
      case "deltas":
        this.#options.onDeltas(parsed);
        return;
      case "ack":
        if (pending) {
          this.#pending.delete(String(parsed.id));
          pending.resolve({ serverHlc: parsed.serverHlc, accepted: parsed.accepted });
        }
        return;
      case "error": {
        const error = new LakeSyncApiError({ status: 0, ...parsed.error });
        if (pending) {
          this.#pending.delete(String(parsed.id));
          pending.reject(error);
        } else {
          this.#options.onError?.(error);
        }
        return;
      }
      default:
        return; // pong, or a message type this client does not know yet
    }
  }

  #rejectPending(why: string): void {
    for (const pending of this.#pending.values()) {
      pending.reject(new LakeSyncNetworkError(`${why} before the push was acknowledged`));
    }
    this.#pending.clear();
  }
}

/** Silences a socket this subscription is done with (no-ops, not null: `ws` throws on an unheard error). */
function detach(socket: WebSocketLike): void {
  const ignore = () => {};
  socket.onopen = ignore;
  socket.onmessage = ignore;
  socket.onclose = ignore;
  socket.onerror = ignore;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
