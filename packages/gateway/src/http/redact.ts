const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]+@/gi;
const JWT_LIKE = /\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*)?/g;
const BEARER = /\bBearer\s+[A-Za-z0-9._~+/-]{16,}=*/gi;

/**
 * Removes what looks like a credential from a text bound for a response or a log line:
 * the user and password of a URL (`postgres://user:pass@host`), JWTs, bearer tokens.
 * A safety net: error messages should carry no secret in the first place.
 * @example redactSecrets("connect postgres://u:p@db failed") // "connect postgres://***@db failed"
 */
export function redactSecrets(text: string): string {
  return text
    .replace(URL_CREDENTIALS, "$1***@")
    .replace(JWT_LIKE, "[token]")
    .replace(BEARER, "Bearer [redacted]");
}
