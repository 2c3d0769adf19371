import { base64ToBytes, bytesToBase64, Err, LakeSyncError, Ok, type Result } from "@lakesync/core";

/**
 * Encryption at rest of connector configs with Web Crypto, shared by the self-hosted server
 * and the Cloudflare Worker: AES-256-GCM over the JSON text of a value, with a fresh random
 * 12-byte IV per message. The envelope is a versioned string,
 * `v1:<base64 iv>:<base64 ciphertext+tag>`, so the format can change without a migration.
 * An optional `context` string is bound as additional authenticated data: an envelope only
 * opens with the context it was sealed with (a config copied to another row does not open).
 * Where the key comes from is the host's business.
 */

/** The only envelope version this build writes. */
export const ENVELOPE_VERSION = "v1";
/** The size of an AES-256 key. */
export const ENCRYPTION_KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

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

export interface SecretBoxOptions {
  /**
   * The INVALID_CONFIG message when an envelope does not open (another key, another context,
   * altered data): the place to say where this host's key comes from.
   */
  readonly wrongKeyMessage?: string;
}

const DEFAULT_WRONG_KEY_MESSAGE =
  "Cannot decrypt a stored secret: the encryption key is not the one it was written with, or the data was altered";

/**
 * A SecretBox over a raw 32-byte key; throws a RangeError for another size.
 * @example const box = await createSecretBox(key); const sealed = await box.encrypt(config, "gw/name");
 */
export async function createSecretBox(
  rawKey: Uint8Array,
  options: SecretBoxOptions = {},
): Promise<SecretBox> {
  if (rawKey.byteLength !== ENCRYPTION_KEY_BYTES) {
    throw new RangeError(
      `An AES-256 key is ${ENCRYPTION_KEY_BYTES} bytes, got ${rawKey.byteLength}`,
    );
  }
  const wrongKeyMessage = options.wrongKeyMessage ?? DEFAULT_WRONG_KEY_MESSAGE;
  const key = await crypto.subtle.importKey("raw", copyBytes(rawKey), "AES-GCM", false, [
    "encrypt",
    "decrypt",
  ]);
  const encoder = new TextEncoder();
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

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
      return `${ENVELOPE_VERSION}:${bytesToBase64(iv)}:${bytesToBase64(new Uint8Array(sealed))}`;
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
      const iv = base64ToBytes(parts[1] ?? "");
      const sealed = base64ToBytes(parts[2] ?? "");
      if (!iv || iv.byteLength !== IV_BYTES || !sealed || sealed.byteLength < TAG_BYTES) {
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
        return Err(new LakeSyncError("INVALID_CONFIG", wrongKeyMessage));
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
 * The bytes of a 32-byte key written as 64 hex characters or as base64 (standard or
 * URL-safe, padding optional, surrounding whitespace ignored); null for anything else.
 * Hosts wrap it with an error that names where the key came from.
 * @example decodeEncryptionKey("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")
 */
export function decodeEncryptionKey(text: string): Uint8Array | null {
  const value = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) {
    const bytes = new Uint8Array(ENCRYPTION_KEY_BYTES);
    for (let i = 0; i < ENCRYPTION_KEY_BYTES; i++) {
      bytes[i] = Number.parseInt(value.slice(i * 2, i * 2 + 2), 16);
    }
    return bytes;
  }
  const bytes = base64ToBytes(value);
  return bytes && bytes.byteLength === ENCRYPTION_KEY_BYTES ? bytes : null;
}

/** A copy backed by a plain ArrayBuffer, as Web Crypto's types want. */
function copyBytes(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy;
}
