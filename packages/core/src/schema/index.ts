import { z } from "zod";
import type { ValidationError } from "../errors/index.js";
import type { Result } from "../result/index.js";
import { parseWith } from "../validation/parse-with.js";

/** The column types a table schema may declare. */
export const columnTypes = ["string", "number", "boolean", "json", "timestamp"] as const;
export type ColumnType = (typeof columnTypes)[number];

/** Names of tables and columns: what SQL and URLs take without quoting. */
const identifier = z
  .string()
  .min(1)
  .max(128)
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]*$/,
    "must start with a letter or _ and hold only letters, digits and _",
  );

export const columnSchemaZod = z.strictObject({
  name: identifier,
  type: z.enum(columnTypes),
});

export const tableSchemaZod = z
  .strictObject({
    table: identifier,
    columns: z.array(columnSchemaZod).min(1).max(1000),
  })
  .superRefine((value, ctx) => {
    const seen = new Set<string>();
    value.columns.forEach((c, i) => {
      if (seen.has(c.name)) {
        ctx.addIssue({
          code: "custom",
          path: ["columns", i, "name"],
          message: `duplicate column "${c.name}"`,
        });
      }
      seen.add(c.name);
    });
  });

/** A table's columns and their types. */
export interface TableSchema {
  readonly table: string;
  readonly columns: ReadonlyArray<{ readonly name: string; readonly type: ColumnType }>;
}

/**
 * Checks a table schema from outside (the admin API, a config file).
 * @example validateTableSchema({ table: "todos", columns: [{ name: "title", type: "string" }] })
 */
export function validateTableSchema(input: unknown): Result<TableSchema, ValidationError> {
  return parseWith(tableSchemaZod, input, "INVALID_SCHEMA");
}
