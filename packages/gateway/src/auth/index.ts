export { type GatewayClaims, type GatewayRole, gatewayClaimsZod } from "./claims.js";
export { MIN_SECRET_BYTES } from "./secret-key.js";
export { type SignTokenOptions, signToken } from "./sign.js";
export {
  createTokenVerifier,
  JWKS_ALGORITHMS,
  type TokenVerifier,
  type TokenVerifierOptions,
} from "./verify.js";
