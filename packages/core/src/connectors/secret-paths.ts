/**
 * Finds the secret fields of a JSON Schema: properties marked `writeOnly: true` or
 * `format: "password"`. A path is a list of segments: a property name, `[]` for any
 * array item, `*` for any key of a map (`additionalProperties`).
 *
 * Follows `properties`, `items`, `additionalProperties`, `allOf`/`anyOf`/`oneOf` and
 * local `$ref`s (`#/definitions/...`, `#/$defs/...`). A recursive schema is followed
 * through the same `$ref` at most `MAX_REF_DEPTH` times along one path.
 */
export function findSecretPaths(schema: unknown): string[][] {
  const found = new Map<string, string[]>();
  walk(schema, schema, [], [], found);
  return [...found.values()];
}

/** How many times one `$ref` is followed along a path of a recursive schema. */
export const MAX_REF_DEPTH = 4;

/** Joins segments as `a.b[].c`. */
export function joinSecretPath(segments: readonly string[]): string {
  let out = "";
  for (const s of segments) out += s === "[]" ? s : out ? `.${s}` : s;
  return out;
}

function walk(
  node: unknown,
  root: unknown,
  path: string[],
  refsSeen: readonly string[],
  found: Map<string, string[]>,
): void {
  if (!isObject(node)) return;
  if (node.writeOnly === true || node.format === "password") {
    found.set(joinSecretPath(path), path);
    return;
  }
  const ref = node.$ref;
  if (typeof ref === "string" && refsSeen.filter((r) => r === ref).length < MAX_REF_DEPTH) {
    walk(resolveRef(root, ref), root, path, [...refsSeen, ref], found);
  }
  if (isObject(node.properties)) {
    for (const [key, child] of Object.entries(node.properties)) {
      walk(child, root, [...path, key], refsSeen, found);
    }
  }
  const items = Array.isArray(node.items) ? node.items : [node.items];
  for (const item of items) walk(item, root, [...path, "[]"], refsSeen, found);
  walk(node.additionalProperties, root, [...path, "*"], refsSeen, found);
  for (const key of ["allOf", "anyOf", "oneOf"] as const) {
    const branches = node[key];
    if (Array.isArray(branches)) for (const b of branches) walk(b, root, path, refsSeen, found);
  }
}

function resolveRef(root: unknown, ref: string): unknown {
  if (!ref.startsWith("#/")) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(2).split("/")) {
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (!isObject(node) || !Object.hasOwn(node, key)) return undefined;
    node = node[key];
  }
  return node;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
