/** A field's place in the config: `["ingest", "tables", 0, "query"]`. */
export type FieldPath = readonly (string | number)[];

/**
 * The path as the server writes it in a 400's `issues`: `ingest.tables[0].query`,
 * `postgres.connectionString`; `""` for the whole body.
 */
export function formatPath(path: FieldPath): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? part : `.${part}`;
  }
  return out;
}

/** A label from a property name: `connectionString` → "Connection string". */
export function labelFor(key: string | number): string {
  if (typeof key === "number") return `#${key + 1}`;
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
