import { DurableObject } from "cloudflare:workers";
import type { LakeSyncError } from "@lakesync/core";
import {
  type AppEnv,
  type BufferedDelta,
  createGatewayApp,
  deltaToJson,
  errorBody,
  isWebSocketUpgrade,
  matchWsPath,
  parseClientMessage,
  problem,
  type SyncGateway,
  type WsIdentity,
  type WsServerMessage,
  wsUpgradeRequired,
} from "@lakesync/gateway";
import type { Hono } from "hono";
import {
  consoleLogger,
  encryptionKeyText,
  readWorkerConfig,
  type WorkerConfig,
} from "../config.js";
import { createSecretBox, parseEncryptionKey, type SecretBox } from "../crypto/secret-box.js";
import type { Env } from "../env.js";
import { authenticateUpgrade } from "../ws/upgrade-auth.js";
import { DurableObjectGatewayHost } from "./worker-host.js";

/** Close code sent when a client's token has expired. */
export const CLOSE_TOKEN_EXPIRED = 4001;
/** A failed flush is tried again after this long (the deltas stay buffered meanwhile). */
const FLUSH_RETRY_MS = 5000;

/**
 * One gateway: the Durable Object named by its id. It serves the gateway's routes with the
 * shared `createGatewayApp` over a `DurableObjectGatewayHost`, and the sync WebSocket with the
 * hibernation API (`ctx.acceptWebSocket`; each socket's client id and token claims live in
 * its attachment, so they survive hibernation).
 *
 * Accepted deltas are flushed into the object's SQLite storage before the request (or the
 * WebSocket `ack`) is answered: an evicted object loses its memory, so what was acked is
 * what is stored. Each accepted batch is sent to every other socket, filtered by its claims
 * and the sync rules.
 */
export class GatewayObject extends DurableObject<Env> {
  readonly #host: DurableObjectGatewayHost;
  #app: { readonly config: WorkerConfig; readonly app: Hono<AppEnv> } | undefined;
  #box: { readonly keyText: string; readonly box: Promise<SecretBox> } | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#host = new DurableObjectGatewayHost({
      storage: ctx.storage,
      secretBox: () => this.#secretBox(),
      onOpen: (gateway) => {
        gateway.onAccepted((accepted) => this.#broadcast(gateway, accepted));
      },
    });
    // Answered by the runtime without waking a hibernated object.
    ctx.setWebSocketAutoResponse(
      new WebSocketRequestResponsePair('{"type":"ping"}', '{"type":"pong"}'),
    );
  }

  /** The object's host: its gateway, store and connectors (tests read it in the object). */
  get host(): DurableObjectGatewayHost {
    return this.#host;
  }

  override async fetch(request: Request): Promise<Response> {
    const config = readWorkerConfig(this.env);
    if (matchWsPath(new URL(request.url).pathname) !== undefined) {
      return this.#acceptSocket(request, config);
    }
    const response = await this.#appFor(config).fetch(request);
    await this.#flush();
    return response;
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    const identity = ws.deserializeAttachment() as WsIdentity | null;
    if (!identity) {
      ws.close(1011, "Unknown connection");
      return;
    }
    if (isExpired(identity)) {
      ws.close(CLOSE_TOKEN_EXPIRED, "Token expired");
      return;
    }
    if (typeof message !== "string") {
      send(ws, {
        type: "error",
        error: errorBody(
          problem("INVALID_REQUEST", "Binary messages are not supported: send JSON text"),
        ).error,
      });
      return;
    }
    const { maxBodyBytes } = readWorkerConfig(this.env);
    if (message.length > maxBodyBytes || new TextEncoder().encode(message).length > maxBodyBytes) {
      ws.close(1009, "Message too large");
      return;
    }
    const parsed = parseClientMessage(message);
    if (!parsed.ok) {
      sendError(ws, parsed.error.error, parsed.error.id);
      return;
    }
    const msg = parsed.value;
    const id = msg.id !== undefined ? { id: msg.id } : {};
    if (msg.type === "ping") {
      send(ws, { type: "pong", ...id });
      return;
    }
    const gateway = await this.#host.gateway(identity.gatewayId);
    const ack = await gateway.push({
      clientId: msg.clientId ?? identity.clientId,
      deltas: msg.deltas,
      lastSeenHlc: msg.lastSeenHlc,
    });
    if (!ack.ok) {
      sendError(ws, ack.error, msg.id);
      return;
    }
    await this.#flush();
    send(ws, {
      type: "ack",
      ...id,
      serverHlc: ack.value.serverHlc.toString(),
      accepted: ack.value.accepted,
    });
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    try {
      // 1005/1006 say "no code" and cannot be sent back.
      ws.close(code === 1005 || code === 1006 ? 1000 : code, reason);
    } catch {
      // Already closed.
    }
  }

  override async alarm(): Promise<void> {
    await this.#flush();
  }

  async #acceptSocket(request: Request, config: WorkerConfig): Promise<Response> {
    if (!isWebSocketUpgrade(request)) return wsUpgradeRequired();
    const identity = await authenticateUpgrade(request, config.auth);
    if (!identity.ok) return identity.error;
    // Opening the gateway subscribes the broadcast.
    await this.#host.gateway(identity.value.gatewayId);
    const pair = new WebSocketPair();
    const [client, server] = [pair[0], pair[1]];
    this.ctx.acceptWebSocket(server);
    server.serializeAttachment(identity.value);
    return new Response(null, { status: 101, webSocket: client });
  }

  #broadcast(gateway: SyncGateway, accepted: readonly BufferedDelta[]): void {
    const last = accepted.at(-1);
    if (!last) return;
    const serverHlc = last.position.toString();
    for (const ws of this.ctx.getWebSockets()) {
      if (ws.readyState !== WebSocket.READY_STATE_OPEN) continue;
      const identity = ws.deserializeAttachment() as WsIdentity | null;
      if (!identity) continue;
      if (isExpired(identity)) {
        ws.close(CLOSE_TOKEN_EXPIRED, "Token expired");
        continue;
      }
      const deltas = gateway
        .visibleTo(accepted, identity.claims)
        .filter((delta) => delta.clientId !== identity.clientId);
      if (deltas.length === 0) continue;
      send(ws, { type: "deltas", deltas: deltas.map(deltaToJson), serverHlc });
    }
  }

  async #flush(): Promise<void> {
    const gateway = this.#host.current;
    if (!gateway || gateway.bufferStats.logSize === 0) return;
    const flushed = await gateway.flush();
    if (!flushed.ok) {
      consoleLogger.error({
        event: "gateway.flush_failed",
        gatewayId: gateway.gatewayId,
        buffered: gateway.bufferStats.logSize,
        message: flushed.error.message,
      });
      await this.ctx.storage.setAlarm(Date.now() + FLUSH_RETRY_MS);
    }
  }

  #appFor(config: WorkerConfig): Hono<AppEnv> {
    const cached = this.#app;
    if (
      cached &&
      cached.config.auth === config.auth &&
      cached.config.maxBodyBytes === config.maxBodyBytes
    ) {
      return cached.app;
    }
    const app = createGatewayApp({
      host: this.#host,
      auth: config.auth,
      maxBodyBytes: config.maxBodyBytes,
      logger: consoleLogger,
    });
    this.#app = { config, app };
    return app;
  }

  async #secretBox() {
    const keyText = encryptionKeyText(this.env);
    if (!keyText.ok) return keyText;
    if (this.#box?.keyText !== keyText.value) {
      const key = parseEncryptionKey(keyText.value);
      if (!key.ok) return key;
      this.#box = { keyText: keyText.value, box: createSecretBox(key.value) };
    }
    return { ok: true as const, value: await this.#box.box };
  }
}

function isExpired(identity: WsIdentity): boolean {
  return identity.claims.exp * 1000 <= Date.now();
}

function send(ws: WebSocket, message: WsServerMessage): void {
  try {
    ws.send(JSON.stringify(message));
  } catch {
    // The socket closed meanwhile.
  }
}

function sendError(ws: WebSocket, error: LakeSyncError, id: string | number | undefined): void {
  const issues = "issues" in error ? (error as { issues?: unknown }).issues : undefined;
  const body = errorBody(
    problem(error.code, error.message, Array.isArray(issues) ? issues : undefined),
  );
  send(ws, { type: "error", ...(id !== undefined ? { id } : {}), error: body.error });
}
