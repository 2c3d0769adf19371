/**
 * Base64 without Node's Buffer, for code that runs in workerd, browsers and Node alike.
 */

/**
 * Standard base64 with padding (what `Buffer#toString("base64")` writes).
 * @example bytesToBase64(new Uint8Array([1, 2, 3])) // "AQID"
 */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * Strict base64 (standard or URL-safe, padding optional); null for anything else.
 * @example base64ToBytes("AQID") // Uint8Array [1, 2, 3]
 */
export function base64ToBytes(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(text) || text.replace(/=+$/, "").length % 4 === 1) {
    return null;
  }
  const normal = text.replace(/=+$/, "").replaceAll("-", "+").replaceAll("_", "/");
  try {
    const binary = atob(normal + "=".repeat((4 - (normal.length % 4)) % 4));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}
