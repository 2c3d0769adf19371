import { Err, LakeSyncError, Ok, type Result } from "@lakesync/core";
import {
  createTokenVerifier,
  DEFAULT_MAX_BODY_BYTES,
  type GatewayLogger,
  MIN_SECRET_BYTES,
  type TokenVerifier,
} from "@lakesync/gateway";
import type { Env } from "./env.js";

/** What the Worker and the Durable Object read from their bindings. */
export interface WorkerConfig {
  /** Verifies tokens, or answers why it cannot (no secret bound): every auth'd route is 500 then. */
  readonly auth: TokenVerifier;
  readonly maxBodyBytes: number;
}

const verifiers = new Map<string, TokenVerifier>();

/**
 * The worker's configuration from its bindings. A missing or short `LAKESYNC_JWT_SECRET` does
 * not break the routes that need no token (`/health`, `/connectors/types`): the token routes
 * answer 500 with a message that says which secret to set.
 * @example const { auth, maxBodyBytes } = readWorkerConfig(env);
 */
export function readWorkerConfig(env: Env): WorkerConfig {
  return { auth: verifierFor(env.LAKESYNC_JWT_SECRET), maxBodyBytes: maxBodyBytesOf(env) };
}

function verifierFor(secret: string | undefined): TokenVerifier {
  if (secret === undefined || new TextEncoder().encode(secret).length < MIN_SECRET_BYTES) {
    const error = new LakeSyncError(
      "INTERNAL",
      `The worker has no usable LAKESYNC_JWT_SECRET (at least ${MIN_SECRET_BYTES} bytes): set it with wrangler secret put LAKESYNC_JWT_SECRET`,
    );
    return { verify: async () => Err(error) };
  }
  let verifier = verifiers.get(secret);
  if (!verifier) {
    verifier = createTokenVerifier({ secret });
    verifiers.set(secret, verifier);
  }
  return verifier;
}

function maxBodyBytesOf(env: Env): number {
  const given = Number(env.LAKESYNC_MAX_BODY_BYTES);
  return Number.isSafeInteger(given) && given > 0 ? given : DEFAULT_MAX_BODY_BYTES;
}

/** The worker's structured logs, one JSON line each (Workers Logs / `wrangler tail`). */
export const consoleLogger: GatewayLogger = {
  info() {},
  warn: (entry) => console.warn(JSON.stringify(entry)),
  error: (entry) => console.error(JSON.stringify(entry)),
};

/** Reads the AES key binding; an Err (500) says how to set it. */
export function encryptionKeyText(env: Env): Result<string, LakeSyncError> {
  const key = env.LAKESYNC_ENCRYPTION_KEY;
  if (key === undefined || key.trim() === "") {
    return Err(
      new LakeSyncError(
        "INTERNAL",
        "The worker has no LAKESYNC_ENCRYPTION_KEY to encrypt connector configs: generate one with openssl rand -base64 32 and set it with wrangler secret put LAKESYNC_ENCRYPTION_KEY",
      ),
    );
  }
  return Ok(key);
}
