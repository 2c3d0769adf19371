import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import type { LakeSyncError } from "@lakesync/core";
import {
  type BufferedDelta,
  DEFAULT_MAX_BODY_BYTES,
  deltaToJson,
  errorBody,
  type GatewayClaims,
  type GatewayHost,
  matchWsPath,
  parseClientMessage,
  problem,
  type SyncGateway,
  type TokenVerifier,
  type WsClientMessage,
  type WsServerMessage,
} from "@lakesync/gateway";
import { type RawData, WebSocket, WebSocketServer } from "ws";
import type { ServerLogger } from "../logging/logger.js";
import { authenticateUpgrade, refuseUpgrade } from "./upgrade-auth.js";

/** Default period of WebSocket pings; a client that missed the previous pong is dropped. */
export const DEFAULT_HEARTBEAT_MS = 30_000;
/** Default send-buffer limit per client; past it the client is closed (1013) to re-sync. */
export const DEFAULT_MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
/** Close code sent when the client's token expires. */
export const CLOSE_TOKEN_EXPIRED = 4001;

export interface SyncSocketServerOptions {
  readonly host: GatewayHost;
  /** The same verifier as the HTTP routes. */
  readonly auth: TokenVerifier;
  readonly logger: ServerLogger;
  /** Largest incoming message; a larger one closes the socket (1009). Default 1 MiB. */
  readonly maxPayloadBytes?: number | undefined;
  /** Ping period in ms; 0 turns heartbeats off. Default 30 s. */
  readonly heartbeatMs?: number | undefined;
  /** Bytes queued for one client before it is dropped as too slow. Default 8 MiB. */
  readonly maxBufferedBytes?: number | undefined;
}

interface Connection {
  readonly ws: WebSocket;
  readonly gatewayId: string;
  readonly clientId: string;
  readonly claims: GatewayClaims;
  /** Pushes of one connection are applied in order. */
  queue: Promise<void>;
  alive: boolean;
  expiry: ReturnType<typeof setTimeout> | null;
}

/** The connections of one gateway, and its single `onAccepted` subscription. */
interface Room {
  readonly gateway: SyncGateway;
  readonly connections: Set<Connection>;
  readonly unsubscribe: () => void;
}

/**
 * The sync WebSocket, `GET /sync/:gw/ws`, on a Node `http.Server`'s `upgrade` event (the
 * `ws` package in noServer mode; works under Node and Bun).
 *
 * - Upgrades are authenticated like the HTTP sync routes (`Authorization: Bearer` or
 *   `?token=`): 401 / 403 are answered as HTTP errors and no socket is opened. The client id
 *   is `?clientId=` or the token's `sub`. The socket closes (4001) when the token expires.
 * - Each text frame is a message of `protocol.ts`; a push goes to `gateway.push` and is
 *   answered by an `ack` or an `error`. A bad message gets an `error`; the socket stays open.
 * - Each gateway with connections has one `onAccepted` subscription. Every accepted batch,
 *   from a client (HTTP or WebSocket) or a connector poller, is sent to every connection as
 *   `{ type: "deltas" }`, filtered by `gateway.visibleTo(batch, claims)` and without the
 *   deltas whose `clientId` is the connection's own; nothing is sent when none is left.
 * - Pings every `heartbeatMs`; a client that did not answer the previous one is dropped.
 *   A client whose send buffer passes `maxBufferedBytes` is closed (1013) so it re-syncs by
 *   pull instead of holding the server's memory.
 * @example
 * const sockets = new SyncSocketServer({ host, auth, logger });
 * sockets.attach(httpServer);
 * await sockets.close();
 */
export class SyncSocketServer {
  readonly #host: GatewayHost;
  readonly #auth: TokenVerifier;
  readonly #logger: ServerLogger;
  readonly #maxBufferedBytes: number;
  readonly #wss: WebSocketServer;
  readonly #rooms = new Map<string, Promise<Room>>();
  readonly #connections = new Set<Connection>();
  readonly #heartbeat: ReturnType<typeof setInterval> | null;
  #closing: Promise<void> | null = null;

  constructor(options: SyncSocketServerOptions) {
    this.#host = options.host;
    this.#auth = options.auth;
    this.#logger = options.logger;
    this.#maxBufferedBytes = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES;
    this.#wss = new WebSocketServer({
      noServer: true,
      maxPayload: options.maxPayloadBytes ?? DEFAULT_MAX_BODY_BYTES,
      clientTracking: false,
    });
    const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
    if (!(Number.isFinite(heartbeatMs) && heartbeatMs >= 0)) {
      throw new RangeError(`heartbeatMs must be a non-negative number, got ${heartbeatMs}`);
    }
    this.#heartbeat = heartbeatMs > 0 ? setInterval(() => this.#beat(), heartbeatMs) : null;
    this.#heartbeat?.unref?.();
  }

  /** Open connections. */
  get connectionCount(): number {
    return this.#connections.size;
  }

  /** Handles `upgrade` events of `server`; returns the function that detaches it. */
  attach(server: Server): () => void {
    const listener = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      void this.handleUpgrade(request, socket, head);
    };
    server.on("upgrade", listener);
    return () => server.off("upgrade", listener);
  }

  /** Authenticates an upgrade and opens the socket, or answers an HTTP error. */
  async handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on("error", () => socket.destroy());
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    if (this.#closing) {
      refuseUpgrade(socket, {
        code: "INTERNAL",
        message: "The server is shutting down",
        status: 503,
      });
      return;
    }
    if (matchWsPath(path) === undefined) {
      refuseUpgrade(socket, { code: "NOT_FOUND", message: `No WebSocket at ${path}` });
      return;
    }
    if (String(request.headers.upgrade ?? "").toLowerCase() !== "websocket") {
      refuseUpgrade(socket, {
        code: "INVALID_REQUEST",
        message: "Only WebSocket upgrades are served",
      });
      return;
    }
    try {
      const identity = await authenticateUpgrade(request, this.#auth);
      if (!identity.ok) {
        this.#logger.info("ws.refused", { path, code: identity.error.code });
        refuseUpgrade(socket, identity.error);
        return;
      }
      const room = await this.#room(identity.value.gatewayId);
      if (socket.destroyed) return;
      if (this.#closing) {
        refuseUpgrade(socket, {
          code: "INTERNAL",
          message: "The server is shutting down",
          status: 503,
        });
        return;
      }
      this.#wss.handleUpgrade(request, socket, head, (ws) => {
        this.#open(
          ws,
          room,
          identity.value.gatewayId,
          identity.value.clientId,
          identity.value.claims,
        );
      });
    } catch (error) {
      this.#logger.error("ws.upgrade_failed", { path, error });
      refuseUpgrade(socket, { code: "INTERNAL", message: "Internal server error" });
    }
  }

  /** Closes every socket (1001), waits up to `timeoutMs` for them, and refuses new ones. */
  close(timeoutMs = 2000): Promise<void> {
    if (!this.#closing) this.#closing = this.#closeOnce(timeoutMs);
    return this.#closing;
  }

  async #closeOnce(timeoutMs: number): Promise<void> {
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    const closed = [...this.#connections].map(
      (conn) =>
        new Promise<void>((resolve) => {
          if (conn.ws.readyState === WebSocket.CLOSED) return resolve();
          conn.ws.once("close", () => resolve());
          conn.ws.close(1001, "Server shutting down");
        }),
    );
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    await Promise.race([Promise.all(closed), timeout]);
    clearTimeout(timer);
    for (const conn of this.#connections) conn.ws.terminate();
    for (const room of await Promise.allSettled(this.#rooms.values())) {
      if (room.status === "fulfilled") room.value.unsubscribe();
    }
    this.#rooms.clear();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }

  /** The room of a gateway: created, with its subscription, on the first connection. */
  #room(gatewayId: string): Promise<Room> {
    let room = this.#rooms.get(gatewayId);
    if (!room) {
      const opening = this.#host.gateway(gatewayId).then((gateway): Room => {
        const connections = new Set<Connection>();
        const unsubscribe = gateway.onAccepted((accepted) =>
          this.#broadcast(gateway, connections, accepted),
        );
        return { gateway, connections, unsubscribe };
      });
      opening.catch(() => {
        if (this.#rooms.get(gatewayId) === opening) this.#rooms.delete(gatewayId);
      });
      room = opening;
      this.#rooms.set(gatewayId, room);
    }
    return room;
  }

  #open(
    ws: WebSocket,
    room: Room,
    gatewayId: string,
    clientId: string,
    claims: GatewayClaims,
  ): void {
    const conn: Connection = {
      ws,
      gatewayId,
      clientId,
      claims,
      queue: Promise.resolve(),
      alive: true,
      expiry: null,
    };
    this.#connections.add(conn);
    room.connections.add(conn);
    const msUntilExpiry = claims.exp * 1000 - Date.now();
    conn.expiry = setTimeout(
      () => ws.close(CLOSE_TOKEN_EXPIRED, "Token expired"),
      Math.max(0, Math.min(msUntilExpiry, 2 ** 31 - 1)),
    );
    conn.expiry.unref?.();

    ws.on("pong", () => {
      conn.alive = true;
    });
    ws.on("message", (data, isBinary) => {
      conn.alive = true;
      conn.queue = conn.queue
        .then(() => this.#onMessage(room.gateway, conn, data, isBinary))
        .catch((error: unknown) => {
          // #onMessage answers every expected failure; keep the queue alive on a bug.
          this.#logger.error("ws.message_failed", { gatewayId, clientId, error });
        });
    });
    ws.on("error", (error) => {
      this.#logger.warn("ws.error", { gatewayId, clientId, error });
    });
    ws.on("close", (code) => {
      if (conn.expiry) clearTimeout(conn.expiry);
      this.#connections.delete(conn);
      room.connections.delete(conn);
      this.#logger.info("ws.closed", {
        gatewayId,
        clientId,
        code,
        connections: room.connections.size,
      });
    });
    this.#logger.info("ws.connected", {
      gatewayId,
      clientId,
      role: claims.role,
      connections: room.connections.size,
    });
  }

  async #onMessage(
    gateway: SyncGateway,
    conn: Connection,
    data: RawData,
    isBinary: boolean,
  ): Promise<void> {
    if (isBinary) {
      this.#send(conn, {
        type: "error",
        error: errorBody(
          problem("INVALID_REQUEST", "Binary messages are not supported: send JSON text"),
        ).error,
      });
      return;
    }
    const parsed = parseClientMessage(rawText(data));
    if (!parsed.ok) {
      this.#sendError(conn, parsed.error.error, parsed.error.id);
      return;
    }
    const msg: WsClientMessage = parsed.value;
    const id = msg.id !== undefined ? { id: msg.id } : {};
    if (msg.type === "ping") {
      this.#send(conn, { type: "pong", ...id });
      return;
    }
    try {
      const ack = await gateway.push({
        clientId: msg.clientId ?? conn.clientId,
        deltas: msg.deltas,
        lastSeenHlc: msg.lastSeenHlc,
      });
      if (!ack.ok) {
        this.#sendError(conn, ack.error, msg.id);
        return;
      }
      this.#send(conn, {
        type: "ack",
        ...id,
        serverHlc: ack.value.serverHlc.toString(),
        accepted: ack.value.accepted,
      });
    } catch (error) {
      this.#logger.error("ws.push_failed", {
        gatewayId: conn.gatewayId,
        clientId: conn.clientId,
        error,
      });
      this.#send(conn, {
        type: "error",
        ...id,
        error: errorBody(problem("INTERNAL", "Internal server error")).error,
      });
    }
  }

  #broadcast(
    gateway: SyncGateway,
    connections: ReadonlySet<Connection>,
    accepted: readonly BufferedDelta[],
  ): void {
    const last = accepted.at(-1);
    if (!last || connections.size === 0) return;
    const serverHlc = last.position.toString();
    for (const conn of connections) {
      if (conn.ws.readyState !== WebSocket.OPEN) continue;
      const deltas = gateway
        .visibleTo(accepted, conn.claims)
        .filter((delta) => delta.clientId !== conn.clientId);
      if (deltas.length === 0) continue;
      if (conn.ws.bufferedAmount > this.#maxBufferedBytes) {
        this.#logger.warn("ws.slow_client_dropped", {
          gatewayId: conn.gatewayId,
          clientId: conn.clientId,
          bufferedBytes: conn.ws.bufferedAmount,
        });
        conn.ws.close(1013, "Too far behind: reconnect and pull");
        continue;
      }
      this.#send(conn, { type: "deltas", deltas: deltas.map(deltaToJson), serverHlc });
    }
  }

  #sendError(conn: Connection, error: LakeSyncError, id: string | number | undefined): void {
    const issues = "issues" in error ? (error as { issues?: unknown }).issues : undefined;
    const body = errorBody(
      problem(error.code, error.message, Array.isArray(issues) ? issues : undefined),
    );
    this.#send(conn, { type: "error", ...(id !== undefined ? { id } : {}), error: body.error });
  }

  #send(conn: Connection, message: WsServerMessage): void {
    if (conn.ws.readyState !== WebSocket.OPEN) return;
    conn.ws.send(JSON.stringify(message));
  }

  #beat(): void {
    for (const conn of this.#connections) {
      if (!conn.alive) {
        this.#logger.info("ws.heartbeat_timeout", {
          gatewayId: conn.gatewayId,
          clientId: conn.clientId,
        });
        conn.ws.terminate();
        continue;
      }
      conn.alive = false;
      if (conn.ws.readyState === WebSocket.OPEN) conn.ws.ping();
    }
  }
}

function rawText(data: RawData): string {
  if (typeof data === "string") return data;
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString("utf8");
  return data.toString("utf8");
}
