import { Err, LakeSyncError, Ok, type Result } from "@lakesync/core";
import {
  createSecretBox as createGatewaySecretBox,
  decodeEncryptionKey,
  ENCRYPTION_KEY_BYTES,
  type SecretBox,
} from "@lakesync/gateway";

/**
 * The worker's side of encryption at rest: its key is the `LAKESYNC_ENCRYPTION_KEY` secret.
 * The AES-256-GCM box and its `v1:<base64 iv>:<base64 ciphertext+tag>` envelope are
 * @lakesync/gateway's, the format of the self-hosted server.
 */

export type { SecretBox };

/**
 * Reads a 32-byte key written as base64 (standard or URL-safe, padding optional) or 64 hex
 * characters. An Err says what is expected, without echoing the value.
 * @example parseEncryptionKey(env.LAKESYNC_ENCRYPTION_KEY ?? "")
 */
export function parseEncryptionKey(text: string): Result<Uint8Array, LakeSyncError> {
  const bytes = decodeEncryptionKey(text);
  if (bytes) return Ok(bytes);
  return Err(
    new LakeSyncError(
      "INTERNAL",
      `LAKESYNC_ENCRYPTION_KEY must be ${ENCRYPTION_KEY_BYTES} bytes as base64 or 64 hex characters (generate one with: openssl rand -base64 32, then: wrangler secret put LAKESYNC_ENCRYPTION_KEY)`,
    ),
  );
}

/**
 * A SecretBox over a raw 32-byte key, whose wrong-key error names the worker's secret.
 * @example const box = await createSecretBox(key); const sealed = await box.encrypt(config, "gw/name");
 */
export function createSecretBox(rawKey: Uint8Array): Promise<SecretBox> {
  return createGatewaySecretBox(rawKey, {
    wrongKeyMessage:
      "Cannot decrypt a stored config: LAKESYNC_ENCRYPTION_KEY is not the key it was written with, or the data was altered",
  });
}
