import { z } from "zod";
import { bigqueryConfigSchema } from "./bigquery.js";
import { apiIngestSchema, databaseIngestSchema } from "./ingest-schema.js";
import { jiraConfigSchema } from "./jira.js";
import { mysqlConfigSchema } from "./mysql.js";
import { jiraOutputTables } from "./output-tables/jira.js";
import { salesforceOutputTables } from "./output-tables/salesforce.js";
import { postgresConfigSchema } from "./postgres.js";
import { salesforceConfigSchema } from "./salesforce.js";
import type { BuiltInConnectorType, ConnectorDescriptor } from "./types.js";

/** A built-in connector type: its descriptor and the zod schemas its JSON Schemas come from. */
export interface BuiltInConnector {
  readonly descriptor: ConnectorDescriptor & { type: BuiltInConnectorType };
  readonly configValidator: z.ZodType;
  readonly ingestValidator: z.ZodType;
}

/** JSON Schema (draft-07) of what a user sends: defaulted fields are optional. */
function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, { target: "draft-7", io: "input" }) as Record<string, unknown>;
}

function builtIn(
  descriptor: Omit<ConnectorDescriptor, "configSchema" | "ingestSchema"> & {
    type: BuiltInConnectorType;
  },
  configValidator: z.ZodType,
): BuiltInConnector {
  const ingestValidator =
    descriptor.category === "database" ? databaseIngestSchema : apiIngestSchema;
  return {
    descriptor: {
      ...descriptor,
      configSchema: jsonSchema(configValidator),
      ingestSchema: jsonSchema(ingestValidator),
    },
    configValidator,
    ingestValidator,
  };
}

/**
 * The built-in connector types, in the spec's order. Their descriptors' JSON Schemas
 * are generated from the same zod schemas `validateConnectorConfig` uses.
 */
export function builtInConnectors(): BuiltInConnector[] {
  return [
    builtIn(
      {
        type: "postgres",
        displayName: "PostgreSQL",
        description: "PostgreSQL relational database connector.",
        category: "database",
        outputTables: null,
      },
      postgresConfigSchema,
    ),
    builtIn(
      {
        type: "mysql",
        displayName: "MySQL",
        description: "MySQL relational database connector.",
        category: "database",
        outputTables: null,
      },
      mysqlConfigSchema,
    ),
    builtIn(
      {
        type: "bigquery",
        displayName: "BigQuery",
        description: "Google BigQuery data warehouse connector.",
        category: "database",
        outputTables: null,
      },
      bigqueryConfigSchema,
    ),
    builtIn(
      {
        type: "jira",
        displayName: "Jira",
        description: "Atlassian Jira Cloud issue tracker connector.",
        category: "api",
        outputTables: jiraOutputTables,
      },
      jiraConfigSchema,
    ),
    builtIn(
      {
        type: "salesforce",
        displayName: "Salesforce",
        description: "Salesforce CRM connector.",
        category: "api",
        outputTables: salesforceOutputTables,
      },
      salesforceConfigSchema,
    ),
  ];
}
