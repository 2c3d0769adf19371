import type { z } from "zod";
import { type LakeSyncErrorCode, ValidationError } from "../errors/index.js";
import { Err, Ok, type Result } from "../result/index.js";
import { toValidationIssues } from "./zod-issues.js";

type ValidationCode = ConstructorParameters<typeof ValidationError>[1] & LakeSyncErrorCode;

/** Parses input with a zod schema into a Result whose error names every bad field. */
export function parseWith<S extends z.ZodType>(
  schema: S,
  input: unknown,
  code: ValidationCode,
): Result<z.output<S>, ValidationError> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return Ok(parsed.data);
  return Err(new ValidationError(toValidationIssues(parsed.error.issues), code));
}
