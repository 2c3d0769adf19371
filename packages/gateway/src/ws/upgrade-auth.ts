import type { GatewayClaims } from "../auth/claims.js";
import type { TokenVerifier } from "../auth/verify.js";
import { bearerToken } from "../http/auth-middleware.js";
import {
  type ErrorBody,
  errorBody,
  type HttpErrorCode,
  problem,
  statusOf,
} from "../http/errors.js";

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
 * Checks an upgrade request the way the HTTP sync routes check theirs, from its URL and its
 * `Authorization` header: the token comes from `Authorization: Bearer` (preferred) or
 * `?token=`; UNAUTHORIZED without a valid one, FORBIDDEN when it is for another gateway.
 * Any role may sync. The client id is `?clientId=` (1 to 256 characters) or the token's `sub`.
 * @example const identity = await authenticateWsUpgrade(new URL(request.url), request.headers.get("authorization") ?? undefined, auth);
 */
export async function authenticateWsUpgrade(
  url: URL,
  authorization: string | undefined,
  auth: TokenVerifier,
): Promise<{ ok: true; value: WsIdentity } | { ok: false; error: UpgradeRefusal }> {
  const gatewayId = matchWsPath(url.pathname);
  if (gatewayId === undefined) {
    return { ok: false, error: { code: "NOT_FOUND", message: `No WebSocket at ${url.pathname}` } };
  }
  const token = bearerToken(authorization) ?? url.searchParams.get("token") ?? undefined;
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

/** The HTTP answer to a refused upgrade, before any runtime writes it. */
export interface UpgradeRefusalAnswer {
  readonly status: number;
  /** Besides `Content-Type: application/json`: `WWW-Authenticate` on a 401, `Retry-After` on a 503. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: ErrorBody;
}

/**
 * The answer to a refused upgrade: `{ error: { code, message } }` with the status of the
 * gateway's table (or the refusal's own), `WWW-Authenticate` on a 401, `Retry-After` on a 503.
 * @example const { status, headers, body } = upgradeRefusalAnswer(refusal);
 */
export function upgradeRefusalAnswer(refusal: UpgradeRefusal): UpgradeRefusalAnswer {
  const status = refusal.status ?? statusOf(refusal.code);
  const headers: Record<string, string> = {};
  if (status === 401) headers["WWW-Authenticate"] = 'Bearer realm="lakesync"';
  if (status === 503) headers["Retry-After"] = "1";
  return { status, headers, body: errorBody(problem(refusal.code, refusal.message)) };
}

/**
 * A refused upgrade as a fetch Response (see `upgradeRefusalAnswer`).
 * @example if (!identity.ok) return upgradeRefusalResponse(identity.error);
 */
export function upgradeRefusalResponse(refusal: UpgradeRefusal): Response {
  const { status, headers, body } = upgradeRefusalAnswer(refusal);
  return Response.json(body, { status, headers });
}

/**
 * The answer to a plain GET (no `Upgrade: websocket`) to the WebSocket path: 426.
 * @example if (!isWebSocketUpgrade(request)) return wsUpgradeRequired();
 */
export function wsUpgradeRequired(): Response {
  const body = errorBody(
    problem("INVALID_REQUEST", "This is a WebSocket endpoint: connect with Upgrade: websocket"),
  );
  return Response.json(body, { status: 426, headers: { Upgrade: "websocket" } });
}

/** Whether a fetch Request asks for a WebSocket. */
export function isWebSocketUpgrade(request: Request): boolean {
  return request.headers.get("upgrade")?.toLowerCase() === "websocket";
}
