import { z } from "zod";
import { secretText } from "./fields.js";
import { postgresUrl } from "./postgres-url.js";

/** The `postgres` block of a `type: "postgres"` connector. */
export const postgresConfigSchema = z
  .strictObject({
    connectionString: secretText(
      "PostgreSQL connection string: a URL, e.g. postgres://user:pass@host:5432/db?sslmode=require, or keyword/value pairs, e.g. host=db port=5432 dbname=app user=u password=p.",
    ).superRefine((value, ctx) => {
      const checked = postgresUrl(value);
      if ("problem" in checked) ctx.addIssue({ code: "custom", message: checked.problem });
    }),
    poolSize: z
      .int()
      .min(1)
      .max(100)
      .optional()
      .describe("Maximum number of pooled connections (1 to 100). Omit for the driver default."),
    statementTimeoutMs: z
      .int()
      .min(0)
      .max(2_147_483_647)
      .optional()
      .describe("Statement timeout in milliseconds; 0 disables it. Omit for the server default."),
  })
  .describe("PostgreSQL connection settings.");

/** A validated `postgres` block. */
export type PostgresConnectorConfig = z.output<typeof postgresConfigSchema>;
