import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  bytesToBase64,
  createSecretBox as createGatewaySecretBox,
  decodeEncryptionKey,
  ENCRYPTION_KEY_BYTES,
  ENVELOPE_VERSION,
  type SecretBox,
} from "@lakesync/gateway";

/**
 * The server's side of encryption at rest: where the key comes from (`LAKESYNC_ENCRYPTION_KEY`
 * or a key file in the data dir). The AES-256-GCM box itself, and its envelope
 * `v1:<base64 iv>:<base64 ciphertext+tag>`, is @lakesync/gateway's, shared with the worker.
 */

export { ENVELOPE_VERSION, type SecretBox };
/** The file, under the data dir, that holds the generated key when no env key is given. */
export const KEY_FILE_NAME = "encryption.key";

const WRONG_KEY_MESSAGE =
  "Cannot decrypt a stored secret: the encryption key is not the one it was written with (check LAKESYNC_ENCRYPTION_KEY or the data dir's encryption.key), or the data was altered";

/**
 * A SecretBox over a raw 32-byte key, whose wrong-key error names the server's key sources.
 * @example const box = await createSecretBox(parseEncryptionKey(process.env.LAKESYNC_ENCRYPTION_KEY!));
 */
export function createSecretBox(rawKey: Uint8Array): Promise<SecretBox> {
  return createGatewaySecretBox(rawKey, { wrongKeyMessage: WRONG_KEY_MESSAGE });
}

/**
 * Reads `LAKESYNC_ENCRYPTION_KEY`: 32 bytes as base64 (standard or URL-safe, padding
 * optional) or as 64 hex characters. Anything else throws an Error that says what is
 * expected, without echoing the value.
 * @example parseEncryptionKey(randomBytes(32).toString("base64"))
 */
export function parseEncryptionKey(text: string, label = "LAKESYNC_ENCRYPTION_KEY"): Uint8Array {
  const bytes = decodeEncryptionKey(text);
  if (bytes) return bytes;
  const value = text.trim();
  throw new Error(
    `${label} must be ${ENCRYPTION_KEY_BYTES} bytes written as base64 (44 characters) or as 64 hex characters; the given value (${value.length} characters) is neither. Generate one with: openssl rand -base64 32`,
  );
}

/** Where a key came from. */
export type KeySource = "env" | "file" | "generated";

export interface LoadEncryptionKeyOptions {
  /** The value of `LAKESYNC_ENCRYPTION_KEY`, if set (an empty string counts as unset). */
  readonly encryptionKey?: string | undefined;
  /** The data dir that holds `encryption.key` when no env key is given. */
  readonly dataDir: string;
}

/**
 * The server's key: `LAKESYNC_ENCRYPTION_KEY` when set; otherwise the key in
 * `<dataDir>/encryption.key`, generated there on first start (mode 0600, never overwritten).
 * Throws a clear Error for a malformed key in either place.
 * @example const { key, source } = await loadEncryptionKey({ encryptionKey: env.LAKESYNC_ENCRYPTION_KEY, dataDir });
 */
export async function loadEncryptionKey(
  options: LoadEncryptionKeyOptions,
): Promise<{ key: Uint8Array; source: KeySource; path?: string }> {
  const { encryptionKey, dataDir } = options;
  if (encryptionKey !== undefined && encryptionKey.trim() !== "") {
    return { key: parseEncryptionKey(encryptionKey), source: "env" };
  }
  const path = join(dataDir, KEY_FILE_NAME);
  const existing = await readKeyFile(path);
  if (existing) return { key: existing, source: "file", path };

  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const key = crypto.getRandomValues(new Uint8Array(ENCRYPTION_KEY_BYTES));
  try {
    // "wx": never replace a key another process wrote meanwhile; that one wins.
    await writeFile(path, `${bytesToBase64(key)}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if (isErrno(error, "EEXIST")) {
      const raced = await readKeyFile(path);
      if (raced) return { key: raced, source: "file", path };
    }
    throw error;
  }
  // The mode given to writeFile is filtered by the umask; make sure it is exactly 0600.
  await chmod(path, 0o600);
  return { key, source: "generated", path };
}

/**
 * The SecretBox of a server: `loadEncryptionKey` then `createSecretBox`.
 * @example const box = await openSecretBox({ encryptionKey: env.LAKESYNC_ENCRYPTION_KEY, dataDir: ".lakesync" });
 */
export async function openSecretBox(options: LoadEncryptionKeyOptions): Promise<SecretBox> {
  const { key } = await loadEncryptionKey(options);
  return createSecretBox(key);
}

async function readKeyFile(path: string): Promise<Uint8Array | null> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if (isErrno(error, "ENOENT")) return null;
    throw error;
  }
  return parseEncryptionKey(text, `The key file ${path}`);
}

function isErrno(error: unknown, code: string): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === code;
}
