import { z } from "zod";

/** A JSON Schema object. */
export type JsonSchema = Record<string, unknown>;

/**
 * Collects JSON Schemas as OpenAPI components. Each schema's local definitions (`$defs`,
 * `definitions`) are hoisted into the components under a prefixed name and its `$ref`s
 * rewritten, since a `#/...` reference inside a component resolves against the document.
 */
export class SchemaComponents {
  readonly schemas: Record<string, JsonSchema> = {};

  /** Adds a zod schema under `name` (what a client sends: `io: "input"`); returns its `$ref`. */
  addZod(name: string, schema: z.ZodType, io: "input" | "output" = "input"): JsonSchema {
    return this.add(name, z.toJSONSchema(schema, { target: "draft-2020-12", io }) as JsonSchema);
  }

  /** Adds a JSON Schema under `name`; returns its `$ref`. */
  add(name: string, schema: JsonSchema): JsonSchema {
    this.schemas[name] = this.inline(name, schema);
    return { $ref: `#/components/schemas/${name}` };
  }

  /** A schema to use in place, with its definitions hoisted under `prefix`. */
  inline(prefix: string, schema: JsonSchema): JsonSchema {
    const { $schema: _dialect, $defs, definitions, ...rest } = schema;
    const local = { ...asRecord(definitions), ...asRecord($defs) };
    const rename = (ref: string) => {
      const match = /^#\/(?:\$defs|definitions)\/(.+)$/.exec(ref);
      return match ? `#/components/schemas/${prefix}.${match[1]}` : ref;
    };
    for (const [key, def] of Object.entries(local)) {
      this.schemas[`${prefix}.${key}`] = rewriteRefs(def, rename) as JsonSchema;
    }
    return rewriteRefs(rest, rename) as JsonSchema;
  }
}

function rewriteRefs(node: unknown, rename: (ref: string) => string): unknown {
  if (Array.isArray(node)) return node.map((n) => rewriteRefs(n, rename));
  if (typeof node !== "object" || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] =
      key === "$ref" && typeof value === "string" ? rename(value) : rewriteRefs(value, rename);
  }
  return out;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
