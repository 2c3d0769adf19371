/** RFC 7518 §3.2: an HS256 key must be at least as long as the hash, 256 bits. */
export const MIN_SECRET_BYTES = 32;

/**
 * The HMAC key of a shared secret, as its UTF-8 bytes.
 * @throws TypeError when the secret is shorter than 32 bytes: a bad option, caught at startup.
 */
export function secretKey(secret: string): Uint8Array {
  const key = new TextEncoder().encode(typeof secret === "string" ? secret : "");
  if (key.length < MIN_SECRET_BYTES) {
    throw new TypeError(
      `The JWT secret must be at least ${MIN_SECRET_BYTES} bytes long (HS256 needs a 256-bit key)`,
    );
  }
  return key;
}
