import type { TokenVerifier } from "../../auth/verify.js";
import type { GatewayHost } from "../../host/types.js";
import type { GatewayLogger } from "../logger.js";

/** What every route module needs. */
export interface RouteDeps {
  readonly host: GatewayHost;
  readonly auth: TokenVerifier;
  readonly maxBodyBytes: number;
  readonly logger: GatewayLogger;
}
