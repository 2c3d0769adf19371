import { type FieldPath, formatPath } from "./field-path.js";
import {
  alternatives,
  type FormValue,
  isRecord,
  type JsonSchema,
  schemaType,
} from "./json-schema.js";

/** One problem, in the server's shape: `{ path: "ingest.tables[0].query", message }`. */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * Checks `value` against `schema` the way the form can before sending: required, type, enum
 * and const, minimum/maximum, minLength, pattern, minItems, and the `oneOf` alternative the
 * value picks by its `const` discriminator. The server stays the authority (its 400 issues are
 * shown the same way).
 */
export function validate(schema: JsonSchema, value: FormValue, path: FieldPath = []): FieldIssue[] {
  const issues: FieldIssue[] = [];
  check(schema, value, path, issues);
  return issues;
}

function check(schema: JsonSchema, value: FormValue, path: FieldPath, issues: FieldIssue[]): void {
  const at = formatPath(path);
  const options = alternatives(schema);
  if (options) {
    const chosen = pickAlternative(options, value);
    if (chosen) check(chosen, value, path, issues);
    return;
  }
  if (value === undefined || value === "") return;
  if (schema.const !== undefined && value !== schema.const) {
    issues.push({ path: at, message: `Must be ${JSON.stringify(schema.const)}` });
    return;
  }
  if (schema.enum && !schema.enum.includes(value)) {
    issues.push({ path: at, message: `Must be one of ${schema.enum.map(String).join(", ")}` });
    return;
  }
  const type = schemaType(schema);
  switch (type) {
    case "object": {
      if (!isRecord(value)) {
        issues.push({ path: at, message: "Must be an object" });
        return;
      }
      for (const key of schema.required ?? []) {
        const child = value[key];
        if (child === undefined || child === "" || child === null) {
          issues.push({ path: formatPath([...path, key]), message: "Required" });
        }
      }
      for (const [key, child] of Object.entries(schema.properties ?? {})) {
        check(child, value[key], [...path, key], issues);
      }
      return;
    }
    case "array": {
      if (!Array.isArray(value)) {
        issues.push({ path: at, message: "Must be a list" });
        return;
      }
      if (schema.minItems !== undefined && value.length < schema.minItems) {
        issues.push({ path: at, message: `Add at least ${schema.minItems}` });
      }
      if (schema.items) {
        const items = schema.items;
        value.forEach((item, index) => {
          check(items, item, [...path, index], issues);
        });
      }
      return;
    }
    case "integer":
    case "number": {
      if (typeof value !== "number" || Number.isNaN(value)) {
        issues.push({ path: at, message: "Must be a number" });
        return;
      }
      if (type === "integer" && !Number.isInteger(value)) {
        issues.push({ path: at, message: "Must be a whole number" });
      }
      if (schema.minimum !== undefined && value < schema.minimum) {
        issues.push({ path: at, message: `Must be at least ${schema.minimum}` });
      }
      if (schema.maximum !== undefined && value > schema.maximum) {
        issues.push({ path: at, message: `Must be at most ${schema.maximum}` });
      }
      if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) {
        issues.push({ path: at, message: `Must be more than ${schema.exclusiveMinimum}` });
      }
      if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) {
        issues.push({ path: at, message: `Must be less than ${schema.exclusiveMaximum}` });
      }
      return;
    }
    case "boolean":
      if (typeof value !== "boolean") issues.push({ path: at, message: "Must be true or false" });
      return;
    case "string": {
      if (typeof value !== "string") {
        issues.push({ path: at, message: "Must be text" });
        return;
      }
      if (schema.minLength !== undefined && value.length < schema.minLength) {
        issues.push({ path: at, message: `Must be at least ${schema.minLength} characters` });
      }
      if (schema.pattern !== undefined && !safeRegExp(schema.pattern)?.test(value)) {
        issues.push({ path: at, message: `Must match ${schema.pattern}` });
      }
      return;
    }
    default:
      return;
  }
}

/**
 * The alternative of a `oneOf` the value is on: the one whose `const` properties it carries
 * (a discriminated union such as `strategy.type`), else the first.
 */
export function pickAlternative(
  options: readonly JsonSchema[],
  value: FormValue,
): JsonSchema | undefined {
  if (isRecord(value)) {
    const matching = options.find((option) =>
      Object.entries(option.properties ?? {}).some(
        ([key, prop]) => prop.const !== undefined && value[key] === prop.const,
      ),
    );
    if (matching) return matching;
  }
  return options[0];
}

function safeRegExp(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern, "u");
  } catch {
    return undefined;
  }
}
