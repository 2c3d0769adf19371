/** The prefix that makes a filter value a reference to a claim of the caller's token. */
export const JWT_REF_PREFIX = "jwt:";

/** The verified claims of the caller's token, by top-level name. */
export type Claims = Readonly<Record<string, unknown>>;

/**
 * The claim name of a `"jwt:<claim>"` reference, or undefined when `value` is not one.
 * `"jwt:"` names the empty claim, which validation rejects and evaluation never finds.
 */
export function jwtClaimName(value: unknown): string | undefined {
  if (typeof value !== "string" || !value.startsWith(JWT_REF_PREFIX)) return undefined;
  return value.slice(JWT_REF_PREFIX.length);
}

/** A filter value with its claim references replaced, or `missing` when one has no value. */
export type Resolved =
  | { readonly missing: false; readonly value: unknown }
  | { readonly missing: true };

const MISSING: Resolved = { missing: true };

/**
 * Replaces `"jwt:<claim>"` references by the caller's claims. A claim that is absent or null
 * is missing, and so is a list holding a reference to one. An array claim inside a list is
 * spliced into it.
 */
export function resolveValue(value: unknown, claims: Claims): Resolved {
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      const resolved = resolveValue(item, claims);
      if (resolved.missing) return MISSING;
      if (Array.isArray(resolved.value) && jwtClaimName(item) !== undefined) {
        out.push(...resolved.value);
      } else out.push(resolved.value);
    }
    return { missing: false, value: out };
  }
  const name = jwtClaimName(value);
  if (name === undefined) return { missing: false, value };
  const claim = name !== "" && Object.hasOwn(claims, name) ? claims[name] : undefined;
  return claim === undefined || claim === null ? MISSING : { missing: false, value: claim };
}
