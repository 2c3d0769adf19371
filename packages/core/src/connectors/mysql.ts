import { z } from "zod";
import { secretText } from "./fields.js";

/** The `mysql` block of a `type: "mysql"` connector. */
export const mysqlConfigSchema = z
  .strictObject({
    connectionString: secretText("MySQL connection URL, e.g. mysql://user:pass@host:3306/db.")
      .startsWith("mysql://", "must start with mysql://")
      .superRefine((value, ctx) => {
        // Checked here, so a typo is a 400 naming the field, never the string (it holds a
        // password), rather than a failed connection.
        if (value.startsWith("mysql://") && !parsesAsUrl(value)) {
          ctx.addIssue({
            code: "custom",
            message:
              "must be a valid URL, e.g. mysql://user:pass@host:3306/db (a numeric port, special characters in the password percent-encoded)",
          });
        }
      }),
  })
  .describe("MySQL connection settings.");

function parsesAsUrl(value: string): boolean {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/** A validated `mysql` block. */
export type MySQLConnectorConfig = z.output<typeof mysqlConfigSchema>;
