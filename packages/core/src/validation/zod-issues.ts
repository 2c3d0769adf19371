import type { z } from "zod";
import type { ValidationIssue } from "../errors/index.js";

/** Joins a zod path into the dotted form users write: `ingest.tables[0].query`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/**
 * Turns zod issues into ValidationIssues whose messages name the field:
 * "postgres.connectionString is required".
 */
export function toValidationIssues(
  issues: readonly z.core.$ZodIssue[],
  prefix: ReadonlyArray<PropertyKey> = [],
): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  for (const issue of issues) {
    const fullPath = [...prefix, ...issue.path];
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        const path = formatPath([...fullPath, key]);
        out.push({ path, message: `${path} is not a known field` });
      }
      continue;
    }
    const path = formatPath(fullPath);
    out.push({ path, message: describe(path, issue) });
  }
  return out;
}

function describe(path: string, issue: z.core.$ZodIssue): string {
  const subject = path || "body";
  if (issue.code === "invalid_type" && isMissing(issue)) return `${subject} is required`;
  if (issue.code === "invalid_type") return `${subject} must be ${article(issue.expected)}`;
  return `${subject}: ${lowerFirst(issue.message)}`;
}

function isMissing(issue: z.core.$ZodIssue): boolean {
  return issue.code === "invalid_type" && /received undefined/.test(issue.message);
}

function article(expected: string): string {
  if (expected === "array" || expected === "object" || expected === "integer")
    return `an ${expected}`;
  return `a ${expected}`;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
