import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import {
  authenticateWsUpgrade,
  type TokenVerifier,
  type UpgradeRefusal,
  upgradeRefusalAnswer,
  type WsIdentity,
} from "@lakesync/gateway";

// The URL and header checks live in @lakesync/gateway (shared with the worker); what is left
// here is reading them from a Node request and writing a refusal to a raw socket.

/**
 * Checks an upgrade request the way the HTTP sync routes check theirs: the token comes from
 * `Authorization: Bearer` (preferred) or `?token=`; UNAUTHORIZED without a valid one,
 * FORBIDDEN when it is for another gateway. Any role may sync.
 */
export function authenticateUpgrade(
  request: IncomingMessage,
  auth: TokenVerifier,
): Promise<{ ok: true; value: WsIdentity } | { ok: false; error: UpgradeRefusal }> {
  const url = new URL(request.url ?? "/", "http://localhost");
  return authenticateWsUpgrade(url, request.headers.authorization, auth);
}

/**
 * Answers an upgrade with a plain HTTP error (`{ error: { code, message } }`, the status of
 * the gateway's table, `WWW-Authenticate` on a 401) and closes the socket.
 */
export function refuseUpgrade(socket: Duplex, refusal: UpgradeRefusal): void {
  if (socket.destroyed) return;
  const { status, headers, body: errorBody } = upgradeRefusalAnswer(refusal);
  const body = JSON.stringify(errorBody);
  const lines = [
    `HTTP/1.1 ${status} ${REASONS[status] ?? "Error"}`,
    "Content-Type: application/json",
    `Content-Length: ${Buffer.byteLength(body)}`,
    "Connection: close",
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
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
