import { type ConnectorConfig, redactConnectorConfig } from "@lakesync/core";
import { redactSecrets } from "@lakesync/gateway";

/**
 * Keeps a connector's secrets out of what the server shows or logs. Error messages should
 * hold no secret in the first place (PollError's contract); this is the safety net: every
 * secret string of the connector's config (the fields its descriptor marks secret), in the
 * forms it commonly takes in messages (raw, URL-encoded, the password of a connection
 * string), is replaced by `[redacted]`, and URL credentials and tokens are masked.
 */

const MARK = "\u0000lakesync-secret\u0000";
/** What a secret is replaced with. */
export const REDACTED = "[redacted]";

/**
 * The secret strings of a config, longest first, in the forms they may appear in a
 * message. Found with core's own secret paths, so custom types are covered too.
 * @example secretStrings(jiraConfig) // ["ATATT3xFfGF0...", ...]
 */
export function secretStrings(config: ConnectorConfig): string[] {
  const marked = redactConnectorConfig(config, { replaceWith: MARK });
  const found = new Set<string>();
  collect(config, marked, found);
  for (const secret of [...found]) {
    for (const form of variants(secret)) found.add(form);
  }
  return [...found].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
}

/**
 * `text` with every given secret replaced, then URL credentials, JWTs and bearer tokens
 * masked.
 * @example scrubSecrets("login as bot:hunter2 failed", ["hunter2"]) // "login as bot:[redacted] failed"
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join(REDACTED);
  return redactSecrets(out);
}

/**
 * A deep copy of log fields with every string scrubbed. Non-JSON values (functions,
 * symbols) are dropped; errors become `{ name, message }`.
 */
export function scrubFields(value: unknown, secrets: readonly string[], depth = 0): unknown {
  if (typeof value === "string") return scrubSecrets(value, secrets);
  if (value instanceof Error) {
    return { name: value.name, message: scrubSecrets(value.message, secrets) };
  }
  if (typeof value !== "object" || value === null) {
    return typeof value === "function" || typeof value === "symbol" ? undefined : value;
  }
  if (depth > 8) return "[too deep]";
  if (Array.isArray(value)) return value.map((v) => scrubFields(v, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const scrubbed = scrubFields(child, secrets, depth + 1);
    if (scrubbed !== undefined) out[key] = scrubbed;
  }
  return out;
}

/** Walks the config and its marked copy together; where the copy holds MARK, keeps strings. */
function collect(original: unknown, marked: unknown, found: Set<string>): void {
  if (marked === MARK) {
    strings(original, found);
    return;
  }
  if (typeof original !== "object" || original === null) return;
  if (typeof marked !== "object" || marked === null) return;
  for (const [key, child] of Object.entries(original)) {
    collect(child, (marked as Record<string, unknown>)[key], found);
  }
}

/** Every string leaf of a value (a secret field may hold an object). */
function strings(value: unknown, found: Set<string>): void {
  if (typeof value === "string") found.add(value);
  else if (typeof value === "number") found.add(String(value));
  else if (typeof value === "object" && value !== null) {
    for (const child of Object.values(value)) strings(child, found);
  }
}

/** A secret as it may show up in messages: URL-encoded, and a connection string's password. */
function variants(secret: string): string[] {
  const forms = [encodeURIComponent(secret)];
  try {
    const url = new URL(secret);
    if (url.password) forms.push(url.password, safeDecode(url.password));
  } catch {
    // Not a URL.
  }
  return forms;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
