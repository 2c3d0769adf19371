import { z } from "zod";
import { secretText } from "./fields.js";

/** The `mysql` block of a `type: "mysql"` connector. */
export const mysqlConfigSchema = z
  .strictObject({
    connectionString: secretText(
      "MySQL connection URL, e.g. mysql://user:pass@host:3306/db.",
    ).startsWith("mysql://", "must start with mysql://"),
  })
  .describe("MySQL connection settings.");

/** A validated `mysql` block. */
export type MySQLConnectorConfig = z.output<typeof mysqlConfigSchema>;
