import { z } from "zod";
import { secretText } from "./fields.js";

/** The `postgres` block of a `type: "postgres"` connector. */
export const postgresConfigSchema = z
  .strictObject({
    connectionString: secretText(
      "PostgreSQL connection string, e.g. postgres://user:pass@host:5432/db.",
    ),
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
