/**
 * JSON text for a jsonb parameter: JSON types are kept, a bigint becomes its decimal string,
 * a Date its ISO string (through `toJSON`), and undefined becomes null.
 * @example jsonText({ n: 12n, at: new Date(0) }) // '{"n":"12","at":"1970-01-01T00:00:00.000Z"}'
 */
export function jsonText(value: unknown): string {
  return JSON.stringify(value ?? null, bigintAsString) ?? "null";
}

function bigintAsString(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}
