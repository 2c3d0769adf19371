import { SignJWT } from "jose";
import type { GatewayRole } from "./claims.js";
import { secretKey } from "./secret-key.js";

/** What `signToken` puts in a token. */
export interface SignTokenOptions {
  /** The HS256 shared secret (at least 32 bytes). */
  readonly secret: string;
  /** The client id. */
  readonly sub: string;
  /** The gateway id the token is good for. */
  readonly gw: string;
  readonly role: GatewayRole;
  /** Seconds from now (negative for an already expired token), or a span such as `"24h"`. */
  readonly expiresIn: number | string;
  /** Extra claims, e.g. `{ team: "ENG" }` for `jwt:team` in sync rules. Cannot override the above. */
  readonly claims?: Readonly<Record<string, unknown>>;
}

/**
 * Signs an HS256 gateway token: for tests, the CLI and the dev token a server prints.
 * @example
 * const token = await signToken({ secret, sub: "admin", gw: "my-gw", role: "admin", expiresIn: "1h" });
 */
export async function signToken(options: SignTokenOptions): Promise<string> {
  const key = secretKey(options.secret);
  const nowSec = Math.floor(Date.now() / 1000);
  const exp =
    typeof options.expiresIn === "number"
      ? nowSec + Math.trunc(options.expiresIn)
      : options.expiresIn;
  return new SignJWT({ ...options.claims, gw: options.gw, role: options.role })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(options.sub)
    .setIssuedAt(nowSec)
    .setExpirationTime(exp)
    .sign(key);
}
