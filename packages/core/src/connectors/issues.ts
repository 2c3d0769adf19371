import type { z } from "zod";
import type { ValidationIssue } from "../errors/index.js";
import { formatPath, toValidationIssues } from "../validation/zod-issues.js";

/**
 * Turns zod issues into ValidationIssues for connector configs: every message is one
 * sentence that starts with the field path ("jira.apiToken is required",
 * "name must be at most 64 characters").
 *
 * Custom messages in the connector schemas are predicates ("must ...", "is ...") and
 * are joined to the path. Zod's own wording ("Too small: expected string to have >=1
 * characters") is rephrased for the common codes; the rest falls back to
 * `toValidationIssues`.
 */
export function toConnectorIssues(
  issues: readonly z.core.$ZodIssue[],
  prefix: ReadonlyArray<PropertyKey> = [],
): ValidationIssue[] {
  // An empty string also fails its pattern; "must not be empty" alone says it all.
  const emptyPaths = new Set(
    issues
      .filter((i) => i.code === "too_small" && i.origin === "string" && Number(i.minimum) === 1)
      .map((i) => formatPath([...prefix, ...i.path])),
  );
  const out: ValidationIssue[] = [];
  for (const issue of issues) {
    const path = formatPath([...prefix, ...issue.path]);
    if (issue.code === "invalid_format" && emptyPaths.has(path)) continue;
    const predicate = describe(issue);
    if (predicate === undefined) out.push(...toValidationIssues([issue], prefix));
    else out.push({ path, message: `${path || "body"} ${predicate}` });
  }
  return out;
}

/** The sentence after the path, or undefined to use the generic wording. */
function describe(issue: z.core.$ZodIssue): string | undefined {
  if (/^(must|is) /.test(issue.message)) return issue.message;
  switch (issue.code) {
    case "invalid_type":
      if (issue.expected === "int" && !/received undefined/.test(issue.message)) {
        return "must be an integer";
      }
      return undefined;
    case "too_small":
      return tooSmall(issue.origin, Number(issue.minimum), issue.inclusive !== false);
    case "too_big":
      return tooBig(issue.origin, Number(issue.maximum), issue.inclusive !== false);
    case "invalid_format":
      if (issue.format === "url") return "must be a URL";
      if (issue.format === "email") return "must be an email address";
      if (issue.format === "starts_with" && "prefix" in issue)
        return `must start with ${issue.prefix}`;
      if (issue.format === "regex" && issue.pattern)
        return `must match the pattern ${issue.pattern}`;
      return `must be a valid ${issue.format}`;
    case "invalid_value":
      return `must be ${oneOf(issue.values)}`;
    case "invalid_union":
      if (issue.discriminator !== undefined && "options" in issue && issue.options) {
        return `must be ${oneOf(issue.options)}`;
      }
      return "does not match any of the allowed shapes";
    default:
      return undefined;
  }
}

function tooSmall(origin: string, min: number, inclusive: boolean): string | undefined {
  if (origin === "string")
    return min === 1 ? "must not be empty" : `must be at least ${min} characters`;
  if (origin === "array")
    return min === 1 ? "must not be empty" : `must have at least ${min} items`;
  if (origin === "number" || origin === "int") {
    return inclusive ? `must be at least ${min}` : `must be greater than ${min}`;
  }
  return undefined;
}

function tooBig(origin: string, max: number, inclusive: boolean): string | undefined {
  if (origin === "string") return `must be at most ${max} characters`;
  if (origin === "array") return `must have at most ${max} items`;
  if (origin === "number" || origin === "int") {
    return inclusive ? `must be at most ${max}` : `must be less than ${max}`;
  }
  return undefined;
}

function oneOf(values: ReadonlyArray<unknown>): string {
  const shown = values.map((v) => JSON.stringify(v));
  return shown.length === 1 ? `${shown[0]}` : `one of ${shown.join(", ")}`;
}
