const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#]*@/gi;
const KEY_VALUE_SECRET =
  // A value already masked (by a caller's own scrubbing) is left as it is, and so is MySQL's
  // "(using password: YES)", which says whether one was sent, not what.
  /\b(password|passwd|pwd|pass|secret|token)(\s*[=:]\s*)(?!\*\*\*|\[redacted\]|(?:YES|NO)\))("[^"]*"|'[^']*'|[^\s&;,]+)/gi;
const JWT_LIKE = /\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*)?/g;
const BEARER = /\bBearer\s+[A-Za-z0-9._~+/-]{16,}=*/gi;

/**
 * Masks what looks like a credential in a text bound for a response, a status or a log line:
 * URL user info (`postgres://user:pass@`), `password=…` pairs, JWTs, bearer tokens, and each
 * of `secrets` (as given and URL-encoded). A safety net: messages should carry no secret.
 * @example redactSecrets("connect postgres://u:p@db failed") // "connect postgres://***@db failed"
 */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text
    .replace(URL_USERINFO, "$1***@")
    .replace(KEY_VALUE_SECRET, "$1$2***")
    .replace(JWT_LIKE, "[token]")
    .replace(BEARER, "Bearer [redacted]");
  for (const secret of secrets) {
    if (!secret) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) {
      out = out.split(form).join("***");
    }
  }
  return out;
}
