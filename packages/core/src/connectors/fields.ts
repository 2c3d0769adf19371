import { z } from "zod";

/**
 * Field builders shared by the connector config schemas, so every field carries a
 * description (forms show it) and every check speaks the same language.
 *
 * Custom messages here are predicates ("must ...") that the issue formatter joins to
 * the field path: "jira.domain must be ...".
 */

/** A required string that must not be empty. */
export function requiredText(description: string) {
  return z.string().min(1).describe(description);
}

/** An optional string; when given it must not be empty (omit the field instead). */
export function optionalText(description: string) {
  return z.string().min(1).optional().describe(description);
}

/**
 * A required secret string, at most MAX_SECRET_LENGTH characters. JSON Schema marks it
 * `writeOnly` with `format: "password"`, so forms mask it and `secretFields()` finds it for
 * stripping and encryption.
 */
export function secretText(description: string) {
  return z
    .string()
    .min(1)
    .max(
      MAX_SECRET_LENGTH,
      `must be at most ${MAX_SECRET_LENGTH.toLocaleString("en-US")} characters`,
    )
    .meta({ description, writeOnly: true, format: "password" });
}

/**
 * The longest secret (connection string, token, password) a config takes: far past any real
 * one, so a pasted file or a runaway value is refused naming its field rather than failing
 * later as an unclear connection error.
 */
export const MAX_SECRET_LENGTH = 16_384;

/** An optional `http://` or `https://` URL. */
export function optionalHttpUrl(description: string) {
  return httpUrl(description).optional();
}

/** A required `http://` or `https://` URL. */
export function httpUrl(description: string) {
  return z
    .url({
      protocol: /^https?$/,
      // A missing value keeps zod's "required" issue.
      error: (issue) =>
        issue.input === undefined ? undefined : "must be an http:// or https:// URL",
    })
    .describe(description);
}

/** A boolean switch with a default, applied when the field is omitted. */
export function flag(defaultValue: boolean, description: string) {
  return z.boolean().default(defaultValue).describe(description);
}
