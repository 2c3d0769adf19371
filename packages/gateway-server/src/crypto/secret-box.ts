import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Err, LakeSyncError, Ok, type Result } from "@lakesync/core";

/**
 * Encryption at rest of connector configs: AES-256-GCM over the JSON text of a value, with a
 * fresh random 12-byte IV per message. The envelope is a versioned string,
 * `v1:<base64 iv>:<base64 ciphertext+tag>`, so the format can change without a migration.
 * An optional `context` string is bound as additional authenticated data: an envelope only
 * opens with the context it was sealed with (a config copied to another row does not open).
 */

/** The only envelope version this build writes. */
export const ENVELOPE_VERSION = "v1";
/** The file, under the data dir, that holds the generated key when no env key is given. */
export const KEY_FILE_NAME = "encryption.key";
const KEY_BYTES = 32;
const IV_BYTES = 12;

/** Seals and opens JSON values. */
export interface SecretBox {
  /** Encrypts the JSON form of `value`; `context` is bound as additional authenticated data. */
  encrypt(value: unknown, context?: string): Promise<string>;
  /**
   * Opens an envelope. A wrong key, another context, a damaged or unknown envelope all give
   * INVALID_CONFIG with a message that says so, never garbage.
   */
  decrypt(envelope: string, context?: string): Promise<Result<unknown, LakeSyncError>>;
}

/**
 * A SecretBox over a raw 32-byte key.
 * @example const box = await createSecretBox(parseEncryptionKey(process.env.LAKESYNC_ENCRYPTION_KEY!));
 */
export async function createSecretBox(rawKey: Uint8Array): Promise<SecretBox> {
  if (rawKey.byteLength !== KEY_BYTES) {
    throw new RangeError(`An AES-256 key is ${KEY_BYTES} bytes, got ${rawKey.byteLength}`);
  }
  const key = await crypto.subtle.importKey("raw", copyBytes(rawKey), "AES-GCM", false, [
    "encrypt",
    "decrypt",
  ]);
  const encoder = new TextEncoder();
  const decoder = new TextDecoder("utf-8", { fatal: true });

  return {
    async encrypt(value, context = "") {
      const json = JSON.stringify(value);
      if (json === undefined) throw new TypeError("SecretBox.encrypt needs a JSON value");
      const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
      const sealed = await crypto.subtle.encrypt(
        { name: "AES-GCM", iv, additionalData: encoder.encode(context) },
        key,
        encoder.encode(json),
      );
      return `${ENVELOPE_VERSION}:${toBase64(iv)}:${toBase64(new Uint8Array(sealed))}`;
    },

    async decrypt(envelope, context = "") {
      const parts = typeof envelope === "string" ? envelope.split(":") : [];
      if (parts.length !== 3 || parts[0] !== ENVELOPE_VERSION) {
        const version = parts.length === 3 ? ` (version "${parts[0]?.slice(0, 8)}")` : "";
        return Err(
          new LakeSyncError(
            "INVALID_CONFIG",
            `Encrypted value is not a ${ENVELOPE_VERSION} envelope${version}`,
          ),
        );
      }
      const iv = fromBase64(parts[1] ?? "");
      const sealed = fromBase64(parts[2] ?? "");
      if (!iv || iv.byteLength !== IV_BYTES || !sealed || sealed.byteLength < 16) {
        return Err(new LakeSyncError("INVALID_CONFIG", "Encrypted value is damaged"));
      }
      let plain: ArrayBuffer;
      try {
        plain = await crypto.subtle.decrypt(
          { name: "AES-GCM", iv: copyBytes(iv), additionalData: encoder.encode(context) },
          key,
          copyBytes(sealed),
        );
      } catch {
        return Err(
          new LakeSyncError(
            "INVALID_CONFIG",
            "Cannot decrypt a stored secret: the encryption key is not the one it was written with (check LAKESYNC_ENCRYPTION_KEY or the data dir's encryption.key), or the data was altered",
          ),
        );
      }
      try {
        return Ok(JSON.parse(decoder.decode(plain)) as unknown);
      } catch {
        return Err(new LakeSyncError("INVALID_CONFIG", "Decrypted value is not JSON"));
      }
    },
  };
}

/**
 * Reads `LAKESYNC_ENCRYPTION_KEY`: 32 bytes as base64 (standard or URL-safe, padding
 * optional) or as 64 hex characters. Anything else throws an Error that says what is
 * expected, without echoing the value.
 * @example parseEncryptionKey(randomBytes(32).toString("base64"))
 */
export function parseEncryptionKey(text: string, label = "LAKESYNC_ENCRYPTION_KEY"): Uint8Array {
  const value = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Uint8Array.from(Buffer.from(value, "hex"));
  const bytes = fromBase64(value);
  if (bytes && bytes.byteLength === KEY_BYTES) return bytes;
  throw new Error(
    `${label} must be ${KEY_BYTES} bytes written as base64 (44 characters) or as 64 hex characters; the given value (${value.length} characters) is neither. Generate one with: openssl rand -base64 32`,
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
  const key = crypto.getRandomValues(new Uint8Array(KEY_BYTES));
  try {
    // "wx": never replace a key another process wrote meanwhile; that one wins.
    await writeFile(path, `${toBase64(key)}\n`, { mode: 0o600, flag: "wx" });
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

function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}

/** Strict base64 (standard or URL-safe, padding optional); null for anything else. */
function fromBase64(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(text) || text.replace(/=+$/, "").length % 4 === 1) {
    return null;
  }
  return Uint8Array.from(Buffer.from(text.replaceAll("-", "+").replaceAll("_", "/"), "base64"));
}

/** A copy backed by a plain ArrayBuffer, as Web Crypto's types want. */
function copyBytes(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy;
}
