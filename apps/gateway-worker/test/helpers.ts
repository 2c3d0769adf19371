import { SELF } from "cloudflare:test";
import { encodeHlc, makeDelta, type RowDelta } from "@lakesync/core";
import { deltaToJson, type GatewayRole, type RowDeltaJson, signToken } from "@lakesync/gateway";
import { TEST_JWT_SECRET } from "./secrets.js";

/** Test support: tokens, requests to the worker, deltas and WebSocket clients. */

export const ORIGIN = "https://gateway.test";

/** A gateway id no other test uses (storage is shared across the tests of a run). */
export function freshGw(label: string): string {
  return `${label}-${crypto.randomUUID().slice(0, 8)}`;
}

export interface TokenOptions {
  readonly gw: string;
  readonly role?: GatewayRole;
  readonly sub?: string;
  readonly expiresIn?: number;
  readonly claims?: Record<string, unknown>;
}

export function token(options: TokenOptions): Promise<string> {
  return signToken({
    secret: TEST_JWT_SECRET,
    gw: options.gw,
    role: options.role ?? "admin",
    sub: options.sub ?? (options.role === "client" ? "app-1" : "ops"),
    expiresIn: options.expiresIn ?? 3600,
    ...(options.claims ? { claims: options.claims } : {}),
  });
}

export interface CallOptions {
  /** Bearer token; none when left out. */
  readonly token?: string;
  readonly json?: unknown;
  readonly jsonText?: string;
  readonly headers?: Record<string, string>;
}

/** A request to the worker, as a client on the internet sends it. */
export function call(method: string, path: string, options: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.Authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.json !== undefined || options.jsonText !== undefined) {
    headers["Content-Type"] ??= "application/json";
    body = options.jsonText ?? JSON.stringify(options.json);
  }
  return SELF.fetch(`${ORIGIN}${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body } : {}),
  });
}

/** An admin request with a fresh admin token of `gw`. */
export async function admin(
  gw: string,
  method: string,
  path: string,
  options: Omit<CallOptions, "token"> = {},
): Promise<Response> {
  return call(method, path, { ...options, token: await token({ gw }) });
}

let counter = 0;

/** A delta stamped now, as JSON for a push. */
export function delta(
  clientId: string,
  table: string,
  rowId: string,
  columns: Record<string, unknown>,
  op: RowDelta["op"] = "INSERT",
): RowDeltaJson {
  counter = (counter + 1) % 60_000;
  const hlc = encodeHlc(Date.now(), counter);
  const cols = Object.entries(columns).map(([column, value]) => ({ column, value }));
  return deltaToJson(makeDelta({ op, table, rowId, columns: cols }, clientId, hlc));
}

/** A WebSocket client of the worker that queues what it receives. */
export interface TestSocket {
  readonly ws: WebSocket;
  send(message: unknown): void;
  /** The next message (parsed), or a rejection after `timeoutMs`. */
  next(timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Resolves with the close code. */
  readonly closed: Promise<number>;
  /** Messages that arrived and were not taken by `next`. */
  readonly pending: Record<string, unknown>[];
}

/** Opens `GET /sync/:gw/ws` with a bearer token; throws unless the upgrade succeeded. */
export async function connect(gw: string, bearer: string, query = ""): Promise<TestSocket> {
  const res = await SELF.fetch(`${ORIGIN}/sync/${gw}/ws${query}`, {
    headers: { Upgrade: "websocket", Authorization: `Bearer ${bearer}` },
  });
  const ws = res.webSocket;
  if (res.status !== 101 || !ws)
    throw new Error(`upgrade refused: ${res.status} ${await res.text()}`);
  ws.accept();
  const pending: Record<string, unknown>[] = [];
  const waiters: ((message: Record<string, unknown>) => void)[] = [];
  ws.addEventListener("message", (event) => {
    const message = JSON.parse(String(event.data)) as Record<string, unknown>;
    const waiter = waiters.shift();
    if (waiter) waiter(message);
    else pending.push(message);
  });
  const closed = new Promise<number>((resolve) => {
    ws.addEventListener("close", (event) => resolve(event.code));
  });
  return {
    ws,
    pending,
    closed,
    send: (message) => ws.send(typeof message === "string" ? message : JSON.stringify(message)),
    next(timeoutMs = 2000) {
      const queued = pending.shift();
      if (queued) return Promise.resolve(queued);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          const i = waiters.indexOf(take);
          if (i >= 0) waiters.splice(i, 1);
          reject(new Error("no message in time"));
        }, timeoutMs);
        const take = (message: Record<string, unknown>) => {
          clearTimeout(timer);
          resolve(message);
        };
        waiters.push(take);
      });
    },
  };
}

/** Waits a little so anything in flight arrives (used only to assert that nothing does). */
export function settle(ms = 150): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Restarts a gateway's Durable Object as an eviction would: `ctx.abort()` drops the instance
 * and its memory; the next request builds a new one over the same storage.
 */
export async function restartObject(gw: string): Promise<void> {
  const { env, runInDurableObject } = await import("cloudflare:test");
  const stub = env.GATEWAY.get(env.GATEWAY.idFromName(gw));
  await runInDurableObject(stub, (_instance, state) => state.abort("test restart")).catch(() => {});
}
