import { z } from "zod";

/** Who a token speaks for: an administrator of the gateway, or a syncing client. */
export type GatewayRole = "admin" | "client";

/**
 * The verified claims of a gateway token. `sub` is the client id, `gw` the one gateway the
 * token is good for, `role` what it may do, `exp` when it expires (seconds since the epoch).
 * Every other claim is kept, so sync rules can use it as `"jwt:<claim>"`.
 */
export interface GatewayClaims {
  readonly [claim: string]: unknown;
  readonly sub: string;
  readonly gw: string;
  readonly role: GatewayRole;
  readonly exp: number;
}

/** The claims a gateway token must carry; other claims pass through untouched. */
export const gatewayClaimsZod = z.looseObject({
  sub: z.string().min(1),
  gw: z.string().min(1),
  role: z.enum(["admin", "client"]),
  exp: z.number(),
});
