import { performance } from "node:perf_hooks";
import WebSocket from "ws";

/** A message a test socket received, with when (performance.now()). */
export interface Received {
  readonly at: number;
  readonly data: Record<string, unknown>;
}

/** A `ws` client that records every message, for tests. */
export class TestSocket {
  readonly ws: WebSocket;
  readonly received: Received[] = [];
  #waiters: (() => void)[] = [];
  closed: { code: number; reason: string } | null = null;
  /** WebSocket pings (heartbeats) received. */
  pings = 0;

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on("message", (data) => {
      this.received.push({ at: performance.now(), data: JSON.parse(String(data)) });
      this.#wake();
    });
    ws.on("ping", () => {
      this.pings += 1;
    });
    ws.on("close", (code, reason) => {
      this.closed = { code, reason: String(reason) };
      this.#wake();
    });
  }

  /** Opens a socket, or rejects with the HTTP status of a refused upgrade. */
  static open(url: string, headers: Record<string, string> = {}): Promise<TestSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers });
      const socket = new TestSocket(ws);
      ws.once("open", () => resolve(socket));
      ws.once("unexpected-response", (_req, res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          body += chunk;
        });
        res.on("end", () => {
          ws.terminate();
          reject(new RefusedUpgrade(res.statusCode ?? 0, body));
        });
      });
      ws.once("error", (error) => reject(error));
    });
  }

  send(message: unknown): void {
    this.ws.send(typeof message === "string" ? message : JSON.stringify(message));
  }

  /** Messages received so far of a type. */
  ofType(type: string): Received[] {
    return this.received.filter((m) => m.data.type === type);
  }

  /** The first message (from index `from`) matching `match`; waits up to `timeoutMs`. */
  async next(
    match: (data: Record<string, unknown>) => boolean,
    { from = 0, timeoutMs = 5000 }: { from?: number; timeoutMs?: number } = {},
  ): Promise<Received> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.slice(from).find((m) => match(m.data));
      if (found) return found;
      if (this.closed) {
        throw new Error(`Socket closed (${this.closed.code} ${this.closed.reason}) while waiting`);
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `No matching message within ${timeoutMs} ms; got ${JSON.stringify(this.received.map((m) => m.data))}`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits for the close frame (or the connection's end). */
  async whenClosed(timeoutMs = 5000): Promise<{ code: number; reason: string }> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error(`Socket not closed within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.closed;
  }

  close(): void {
    this.ws.close();
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}

/** The HTTP answer to an upgrade that was refused. */
export class RefusedUpgrade extends Error {
  readonly status: number;
  readonly body: string;

  constructor(status: number, body: string) {
    super(`Upgrade refused with HTTP ${status}: ${body}`);
    this.status = status;
    this.body = body;
  }
}

/** Opens a socket that must be refused; resolves with the status and JSON body. */
export async function refused(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: { error: { code: string; message: string } } }> {
  try {
    const socket = await TestSocket.open(url, headers);
    socket.close();
  } catch (error) {
    if (error instanceof RefusedUpgrade) {
      return { status: error.status, body: JSON.parse(error.body) };
    }
    throw error;
  }
  throw new Error(`The upgrade to ${url} was accepted`);
}
