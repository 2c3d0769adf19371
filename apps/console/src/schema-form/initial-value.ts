import { alternatives, type FormValue, type JsonSchema, schemaType } from "./json-schema.js";

/**
 * The empty value a schema starts from: required nested objects filled in, arrays with
 * `minItems` empty rows, a `oneOf` on its first alternative. Optional scalars stay unset (their
 * defaults are the server's to apply) and optional objects are left out until switched on.
 */
export function initialValue(schema: JsonSchema): FormValue {
  const options = alternatives(schema);
  if (options?.[0]) return initialValue(options[0]);
  if (schema.const !== undefined) return schema.const as FormValue;
  switch (schemaType(schema)) {
    case "object": {
      const out: { [key: string]: FormValue } = {};
      const required = new Set(schema.required ?? []);
      for (const [key, child] of Object.entries(schema.properties ?? {})) {
        const value = required.has(key) ? initialValue(child) : undefined;
        if (value !== undefined) out[key] = value;
      }
      return out;
    }
    case "array":
      return Array.from({ length: schema.minItems ?? 0 }, () =>
        schema.items ? initialValue(schema.items) : undefined,
      );
    case "boolean":
      return false;
    default:
      return undefined;
  }
}
