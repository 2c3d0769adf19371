import {
  authenticateWsUpgrade,
  type TokenVerifier,
  upgradeRefusalResponse,
  type WsIdentity,
} from "@lakesync/gateway";

/**
 * Checks a WebSocket upgrade as the server does (`authenticateWsUpgrade` of
 * @lakesync/gateway: the token from `Authorization: Bearer` or `?token=`, the client id from
 * `?clientId=` or the token's `sub`); a refusal is the HTTP error response.
 * @example const identity = await authenticateUpgrade(request, auth);
 */
export async function authenticateUpgrade(
  request: Request,
  auth: TokenVerifier,
): Promise<{ ok: true; value: WsIdentity } | { ok: false; error: Response }> {
  const identity = await authenticateWsUpgrade(
    new URL(request.url),
    request.headers.get("authorization") ?? undefined,
    auth,
  );
  return identity.ok ? identity : { ok: false, error: upgradeRefusalResponse(identity.error) };
}
