/**
 * A `Retry-After` header in ms: delay-seconds or an HTTP date (relative to `now`).
 * Undefined when absent or unreadable.
 * @example parseRetryAfter("2", Date.now()) // 2000
 * @example parseRetryAfter("Wed, 21 Oct 2026 07:28:00 GMT", Date.now())
 */
export function parseRetryAfter(header: string | null, now: number): number | undefined {
  const text = header?.trim() ?? "";
  if (text === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // An HTTP date starts with its day name; anything else Date.parse would guess at.
  if (!/^[A-Za-z]{3}/.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
