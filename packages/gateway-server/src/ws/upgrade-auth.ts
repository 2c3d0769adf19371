import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import {
  bearerToken,
  errorBody,
  type GatewayClaims,
  type HttpErrorCode,
  problem,
  statusOf,
  type TokenVerifier,
} from "@lakesync/gateway";

/** The path of the sync WebSocket. */
export const WS_PATH = /^\/sync\/([^/]+)\/ws\/?$/;

/** Who an accepted upgrade speaks for. */
export interface WsIdentity {
  readonly gatewayId: string;
  readonly claims: GatewayClaims;
  /** `?clientId=`, else the token's `sub`. */
  readonly clientId: string;
}

/** Why an upgrade is refused, answered as an HTTP error before any WebSocket exists. */
export interface UpgradeRefusal {
  readonly code: HttpErrorCode;
  readonly message: string;
  /** Overrides the status of `code` (503 while the server shuts down). */
  readonly status?: number;
}

/** The gateway id of a sync WebSocket path, or undefined for any other path. */
export function matchWsPath(pathname: string): string | undefined {
  const raw = WS_PATH.exec(pathname)?.[1];
  if (raw === undefined) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/**
 * Checks an upgrade request the way the HTTP sync routes check theirs: the token comes from
 * `Authorization: Bearer` (preferred) or `?token=`; UNAUTHORIZED without a valid one,
 * FORBIDDEN when it is for another gateway. Any role may sync.
 */
export async function authenticateUpgrade(
  request: IncomingMessage,
  auth: TokenVerifier,
): Promise<{ ok: true; value: WsIdentity } | { ok: false; error: UpgradeRefusal }> {
  const url = new URL(request.url ?? "/", "http://localhost");
  const gatewayId = matchWsPath(url.pathname);
  if (gatewayId === undefined) {
    return { ok: false, error: { code: "NOT_FOUND", message: `No WebSocket at ${url.pathname}` } };
  }
  const header = request.headers.authorization;
  const token = bearerToken(header) ?? url.searchParams.get("token") ?? undefined;
  if (token === undefined || token === "") {
    return {
      ok: false,
      error: {
        code: "UNAUTHORIZED",
        message: "Missing bearer token (Authorization: Bearer <jwt> or ?token=<jwt>)",
      },
    };
  }
  const verified = await auth.verify(token);
  if (!verified.ok) {
    return { ok: false, error: { code: verified.error.code, message: verified.error.message } };
  }
  const claims = verified.value;
  if (claims.gw !== gatewayId) {
    return {
      ok: false,
      error: { code: "FORBIDDEN", message: "This token is not valid for this gateway" },
    };
  }
  const asked = url.searchParams.get("clientId");
  if (asked !== null && (asked.length === 0 || asked.length > 256)) {
    return {
      ok: false,
      error: {
        code: "INVALID_REQUEST",
        message: "clientId must be a non-empty string of at most 256 characters",
      },
    };
  }
  return { ok: true, value: { gatewayId, claims, clientId: asked ?? claims.sub } };
}

/**
 * Answers an upgrade with a plain HTTP error (`{ error: { code, message } }`, the status of
 * the gateway's table, `WWW-Authenticate` on a 401) and closes the socket.
 */
export function refuseUpgrade(socket: Duplex, refusal: UpgradeRefusal): void {
  if (socket.destroyed) return;
  const status = refusal.status ?? statusOf(refusal.code);
  const body = JSON.stringify(errorBody(problem(refusal.code, refusal.message)));
  const lines = [
    `HTTP/1.1 ${status} ${REASONS[status] ?? "Error"}`,
    "Content-Type: application/json",
    `Content-Length: ${Buffer.byteLength(body)}`,
    "Connection: close",
  ];
  if (status === 401) lines.push('WWW-Authenticate: Bearer realm="lakesync"');
  if (status === 503) lines.push("Retry-After: 1");
  socket.write(`${lines.join("\r\n")}\r\n\r\n${body}`);
  socket.destroy();
}

const REASONS: Readonly<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
};
