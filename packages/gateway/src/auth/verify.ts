import { Err, LakeSyncError, Ok, type Result } from "@lakesync/core";
import {
  createRemoteJWKSet,
  customFetch,
  errors,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
} from "jose";
import { type GatewayClaims, gatewayClaimsZod } from "./claims.js";
import { secretKey } from "./secret-key.js";

/** A shared HS256 secret, or the URL of a JSON Web Key Set of asymmetric keys. */
export type TokenVerifierOptions =
  | { readonly secret: string }
  | {
      readonly jwksUrl: string;
      /** Fetches the key set; defaults to the global `fetch`. */
      readonly fetch?: typeof fetch;
    };

/** Checks a bearer token and returns its claims. */
export interface TokenVerifier {
  /**
   * UNAUTHORIZED for a missing, malformed, expired, unsigned (`alg: none`) or wrongly signed
   * token, or one without valid `sub`, `gw`, `role` and `exp`; UPSTREAM_ERROR when the key set
   * cannot be fetched. Messages never contain the token.
   */
  verify(token: string): Promise<Result<GatewayClaims, LakeSyncError>>;
}

/** Algorithms a JWKS key may use: asymmetric only, so a public key is never an HMAC secret. */
export const JWKS_ALGORITHMS = [
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
  "ES512",
  "EdDSA",
  "Ed25519",
];

/** Tokens longer than this are refused unread. */
const MAX_TOKEN_LENGTH = 16 * 1024;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * A verifier for gateway tokens: HS256 with a shared secret, or asymmetric algorithms with a
 * remote JWKS (RS256, ES256, EdDSA, ...).
 * @throws TypeError for a secret shorter than 32 bytes or a JWKS URL that is not a URL.
 * @example
 * const auth = createTokenVerifier({ secret: process.env.LAKESYNC_JWT_SECRET });
 * const claims = await auth.verify(token); // Result<GatewayClaims, LakeSyncError>
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  if ("secret" in options) {
    const key = secretKey(options.secret);
    return { verify: (token) => check(token, (t) => jwtVerify(t, key, { algorithms: ["HS256"] })) };
  }
  const getKey = remoteKeys(options.jwksUrl, options.fetch);
  return {
    verify: (token) => check(token, (t) => jwtVerify(t, getKey, { algorithms: JWKS_ALGORITHMS })),
  };
}

async function check(
  token: string,
  verifyJwt: (token: string) => Promise<{ payload: JWTPayload }>,
): Promise<Result<GatewayClaims, LakeSyncError>> {
  if (typeof token !== "string" || token.length === 0) return unauthorized("Missing bearer token");
  if (token.length > MAX_TOKEN_LENGTH || !COMPACT_JWS.test(token)) {
    return unauthorized("Token is malformed");
  }
  let payload: JWTPayload;
  try {
    ({ payload } = await verifyJwt(token));
  } catch (error) {
    return Err(describeFailure(error));
  }
  const claims = gatewayClaimsZod.safeParse(payload);
  if (!claims.success) {
    const names = [...new Set(claims.error.issues.map((i) => String(i.path[0] ?? "")))];
    return unauthorized(`Token claims are invalid: ${names.join(", ")} (need sub, gw, role, exp)`);
  }
  return Ok(claims.data as GatewayClaims);
}

/** Thrown by the key lookup when the key set itself could not be had. */
class KeySetUnavailable extends Error {}

function remoteKeys(jwksUrl: string, fetchImpl: typeof fetch | undefined): JWTVerifyGetKey {
  let url: URL;
  try {
    url = new URL(jwksUrl);
  } catch {
    throw new TypeError("jwksUrl must be an absolute URL");
  }
  const jwks = createRemoteJWKSet(url, fetchImpl ? { [customFetch]: fetchImpl } : {});
  return async (header, token) => {
    try {
      return await jwks(header, token);
    } catch (error) {
      if (
        error instanceof errors.JWKSNoMatchingKey ||
        error instanceof errors.JWKSMultipleMatchingKeys ||
        error instanceof errors.JOSENotSupported ||
        error instanceof errors.JOSEAlgNotAllowed
      ) {
        throw error;
      }
      throw new KeySetUnavailable("key set unavailable", { cause: error });
    }
  };
}

function describeFailure(error: unknown): LakeSyncError {
  if (error instanceof KeySetUnavailable) {
    return new LakeSyncError("UPSTREAM_ERROR", "Could not fetch the key set to verify the token", {
      cause: error.cause,
    });
  }
  if (error instanceof errors.JWTExpired)
    return new LakeSyncError("UNAUTHORIZED", "Token has expired");
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return new LakeSyncError("UNAUTHORIZED", "Token algorithm is not accepted");
  }
  if (
    error instanceof errors.JWSSignatureVerificationFailed ||
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JWKSMultipleMatchingKeys
  ) {
    return new LakeSyncError("UNAUTHORIZED", "Token signature is not valid");
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    return new LakeSyncError("UNAUTHORIZED", `Token claim check failed: ${error.claim}`);
  }
  return new LakeSyncError("UNAUTHORIZED", "Token is malformed");
}

function unauthorized(message: string): Result<never, LakeSyncError> {
  return Err(new LakeSyncError("UNAUTHORIZED", message));
}
