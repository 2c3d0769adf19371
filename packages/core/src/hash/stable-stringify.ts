/** Where `writeStable` sends its pieces: a string builder, or a hasher. */
export interface TextSink {
  update(piece: string): unknown;
}

/**
 * Writes a value's canonical JSON, piece by piece: object keys sorted, bigint as a decimal
 * string, Date as ISO text, undefined and non-finite numbers as null.
 */
export function writeStable(value: unknown, out: TextSink): void {
  if (value === null || value === undefined) {
    out.update("null");
    return;
  }
  switch (typeof value) {
    case "string":
      writeJsonString(value, out);
      return;
    case "number":
      out.update(Number.isFinite(value) ? String(value) : "null");
      return;
    case "boolean":
      out.update(value ? "true" : "false");
      return;
    case "bigint":
      out.update(`"${value.toString()}"`);
      return;
    case "object":
      writeObject(value, out);
      return;
    default:
      out.update("null");
  }
}

/** What JSON.stringify escapes in a string: quote, backslash, controls, surrogates. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: JSON escapes exactly these.
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A string's JSON, as JSON.stringify writes it; most need no escape and no new string. */
function writeJsonString(value: string, out: TextSink): void {
  if (NEEDS_ESCAPE.test(value)) {
    out.update(JSON.stringify(value));
    return;
  }
  out.update('"');
  out.update(value);
  out.update('"');
}

function writeObject(value: object, out: TextSink): void {
  if (value instanceof Date) {
    out.update(JSON.stringify(value.toISOString()));
    return;
  }
  if (Array.isArray(value) || value instanceof Uint8Array) {
    out.update("[");
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.update(",");
      writeStable(value[i], out);
    }
    out.update("]");
    return;
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  out.update("{");
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (i > 0) out.update(",");
    out.update(JSON.stringify(key));
    out.update(":");
    writeStable(obj[key], out);
  }
  out.update("}");
}

/**
 * A canonical JSON string: equal values give equal strings.
 * @example stableStringify({ b: 1, a: 2 }) // '{"a":2,"b":1}'
 */
export function stableStringify(value: unknown): string {
  // Scalars (most column values) directly, without a parts list.
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
      return Number.isFinite(value) ? String(value) : "null";
    case "boolean":
      return value ? "true" : "false";
  }
  if (value === null || value === undefined) return "null";
  const parts: string[] = [];
  writeStable(value, { update: (piece) => parts.push(piece) });
  return parts.join("");
}
