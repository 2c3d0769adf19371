import { randomBytes } from "node:crypto";
import { signToken } from "@lakesync/gateway";

/** How long the printed dev admin token is valid. */
export const DEV_TOKEN_TTL_SECONDS = 24 * 60 * 60;

/** The admin token a server in dev mode (no JWT secret, no JWKS) makes for its user. */
export interface DevAdminToken {
  readonly gatewayId: string;
  readonly token: string;
  readonly expiresAt: Date;
}

/** A random HS256 secret for one run: 32 random bytes, base64url. Never printed. */
export function generateDevSecret(): string {
  return randomBytes(32).toString("base64url");
}

/** Signs the dev admin token: `sub: "dev-admin"`, `role: "admin"`, 24 h. */
export async function signDevAdminToken(secret: string, gatewayId: string): Promise<DevAdminToken> {
  const token = await signToken({
    secret,
    sub: "dev-admin",
    gw: gatewayId,
    role: "admin",
    expiresIn: DEV_TOKEN_TTL_SECONDS,
  });
  const expiresAt = new Date((Math.floor(Date.now() / 1000) + DEV_TOKEN_TTL_SECONDS) * 1000);
  return { gatewayId, token, expiresAt };
}

/**
 * The block printed on stdout when the server generated its JWT secret: the one place a
 * token is printed, on purpose. `baseUrl` is where a local curl reaches the server.
 */
export function formatDevTokenBlock(dev: DevAdminToken, baseUrl: string): string {
  const rule = "=".repeat(78);
  const path = `/admin/connectors/${encodeURIComponent(dev.gatewayId)}`;
  return [
    rule,
    "LakeSync DEV MODE: neither LAKESYNC_JWT_SECRET nor LAKESYNC_JWKS_URL is set.",
    "A random JWT secret was generated for this run only: tokens stop working at restart.",
    "",
    `Admin token for gateway "${dev.gatewayId}" (role admin, expires ${dev.expiresAt.toISOString()}):`,
    "",
    `  ${dev.token}`,
    "",
    "Try it:",
    "",
    `  curl ${baseUrl}${path} -H "Authorization: Bearer ${dev.token}"`,
    "",
    "This token is printed because it was generated for you. Keep it private. For anything",
    "beyond a local trial set LAKESYNC_JWT_SECRET (openssl rand -base64 32) and mint your",
    "own tokens (docs/auth.md).",
    rule,
  ].join("\n");
}
