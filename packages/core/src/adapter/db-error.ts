import { redactSecrets } from "../redact/index.js";

/**
 * The message and code of a database driver's error, safe to show or log: credentials in
 * URLs (`postgres://user:pass@`), `password=…` pairs and each of `secrets` are masked.
 * @example describeDbError(err) // 'relation "todos" does not exist (42P01)'
 */
export function describeDbError(err: unknown, secrets: readonly string[] = []): string {
  const message = dbErrorMessage(err);
  const code = dbErrorCode(err);
  const text = code && !message.includes(code) ? `${message} (${code})` : message;
  return redactSecrets(text, secrets);
}

/** The code of a driver error (SQLSTATE, driver or socket code), if it has one. */
export function dbErrorCode(err: unknown): string | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  return typeof code === "string" && code.length > 0 ? code : undefined;
}

/** The message of a driver error, as it is (not redacted). */
export function dbErrorMessage(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  if (typeof err === "string") return err;
  if (typeof err === "object" && err !== null) {
    const message = (err as { message?: unknown }).message;
    if (typeof message === "string") return message;
  }
  return "Unknown database error";
}
