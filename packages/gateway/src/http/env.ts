import type { GatewayClaims } from "../auth/claims.js";

/** The Hono environment of the gateway app: routes behind auth see the verified claims. */
export interface AppEnv {
  Variables: {
    claims: GatewayClaims;
  };
}
