import type { z } from "zod";
import type { bigqueryConfigSchema } from "./bigquery.js";
import type { apiIngestSchema, databaseIngestSchema } from "./ingest-schema.js";
import type { jiraConfigSchema } from "./jira.js";
import type { mysqlConfigSchema } from "./mysql.js";
import type { postgresConfigSchema } from "./postgres.js";
import type { salesforceConfigSchema } from "./salesforce.js";
import type { ConnectorConfigBase } from "./types.js";

/**
 * What a caller may send to register a connector: the configs before validation, so every
 * field with a default (`rowIdColumn`, `chunkSize`, `intervalMs`, the include flags, ...)
 * may be left out. `ConnectorConfig` is the same after validation, defaults applied.
 * @example const body: ConnectorConfigInput = { name: "db", type: "postgres", postgres: { connectionString } };
 */
export type ConnectorConfigInput =
  | DatabaseConfigInput<"postgres", typeof postgresConfigSchema>
  | DatabaseConfigInput<"mysql", typeof mysqlConfigSchema>
  | DatabaseConfigInput<"bigquery", typeof bigqueryConfigSchema>
  | ApiConfigInput<"jira", typeof jiraConfigSchema>
  | ApiConfigInput<"salesforce", typeof salesforceConfigSchema>
  | (ConnectorConfigBase & Record<string, unknown>);

type DatabaseConfigInput<T extends string, S extends z.ZodType> = {
  name: string;
  type: T;
  ingest?: z.input<typeof databaseIngestSchema>;
} & { [K in T]: z.input<S> };

type ApiConfigInput<T extends string, S extends z.ZodType> = {
  name: string;
  type: T;
  ingest?: z.input<typeof apiIngestSchema>;
} & { [K in T]: z.input<S> };
