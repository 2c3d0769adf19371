import type { FormValue } from "./json-schema.js";

/** The value to send: empty strings and unset fields dropped, recursively. */
export function prune(value: FormValue): FormValue {
  if (Array.isArray(value)) return value.map(prune);
  if (typeof value === "object" && value !== null) {
    const out: { [key: string]: FormValue } = {};
    for (const [key, child] of Object.entries(value)) {
      const pruned = prune(child);
      if (pruned !== undefined) out[key] = pruned;
    }
    return out;
  }
  return value === "" ? undefined : value;
}
