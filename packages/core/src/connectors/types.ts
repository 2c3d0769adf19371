import type { TableSchema } from "../schema/index.js";
import type { BigQueryConnectorConfig } from "./bigquery.js";
import type { ApiIngestConfig, DatabaseIngestConfig, IngestTableConfig } from "./ingest-schema.js";
import type { JiraConnectorConfig } from "./jira.js";
import type { MySQLConnectorConfig } from "./mysql.js";
import type { PostgresConnectorConfig } from "./postgres.js";
import type { SalesforceConnectorConfig } from "./salesforce.js";

/** The connector types core knows, in the spec's order. */
export const builtInConnectorTypes = [
  "postgres",
  "mysql",
  "bigquery",
  "jira",
  "salesforce",
] as const;

/** A connector type core knows. */
export type BuiltInConnectorType = (typeof builtInConnectorTypes)[number];

/** A connector type: a built-in one, or any custom type registered with a descriptor. */
export type ConnectorType = BuiltInConnectorType | (string & {});

/** Database connectors are pulled from and poll SQL; API connectors run their own pollers. */
export type ConnectorCategory = "database" | "api";

/**
 * Ingest polling configuration, as the base type sees it. Built-in configs narrow it:
 * database connectors always have `tables`, API connectors never do.
 */
export interface ConnectorIngestConfig {
  /** Tables to poll (database connectors only). */
  tables?: IngestTableConfig[] | undefined;
  /** Poll interval in milliseconds; default 30000. */
  intervalMs?: number | undefined;
  /** Deltas per pushed chunk; default 500. */
  chunkSize?: number | undefined;
  /** Flush when the gateway buffer reaches 70% of this; no limit when absent. */
  memoryBudgetBytes?: number | undefined;
}

/** The fields every connector config has. */
export interface ConnectorConfigBase {
  /** Connector type — determines which adapter to create. */
  type: ConnectorType;
  /** Unique connector name (used as the source adapter key). */
  name: string;
  /** Optional ingest polling configuration. */
  ingest?: ConnectorIngestConfig;
}

/** `type: "postgres"`, `postgres: { connectionString }`. */
export interface PostgresConnectorConfigFull extends ConnectorConfigBase {
  type: "postgres";
  postgres: PostgresConnectorConfig;
  ingest?: DatabaseIngestConfig;
}

/** `type: "mysql"`, `mysql: { connectionString }`. */
export interface MySQLConnectorConfigFull extends ConnectorConfigBase {
  type: "mysql";
  mysql: MySQLConnectorConfig;
  ingest?: DatabaseIngestConfig;
}

/** `type: "bigquery"`, `bigquery: { projectId, dataset, ... }`. */
export interface BigQueryConnectorConfigFull extends ConnectorConfigBase {
  type: "bigquery";
  bigquery: BigQueryConnectorConfig;
  ingest?: DatabaseIngestConfig;
}

/** `type: "jira"`, `jira: { domain, email, apiToken, ... }`. */
export interface JiraConnectorConfigFull extends ConnectorConfigBase {
  type: "jira";
  jira: JiraConnectorConfig;
  ingest?: ApiIngestConfig;
}

/** `type: "salesforce"`, `salesforce: { instanceUrl, clientId, ... }`. */
export interface SalesforceConnectorConfigFull extends ConnectorConfigBase {
  type: "salesforce";
  salesforce: SalesforceConnectorConfig;
  ingest?: ApiIngestConfig;
}

/** The full config of each built-in type, by type. */
export interface BuiltInConnectorConfigs {
  postgres: PostgresConnectorConfigFull;
  mysql: MySQLConnectorConfigFull;
  bigquery: BigQueryConnectorConfigFull;
  jira: JiraConnectorConfigFull;
  salesforce: SalesforceConnectorConfigFull;
}

/**
 * A connector config. Typed variants for the built-in types; the open catch-all lets
 * custom types (cloudwatch, stripe) through without changing core. Narrow a value to a
 * built-in variant with `isConnectorConfigOfType`.
 */
export type ConnectorConfig =
  | PostgresConnectorConfigFull
  | MySQLConnectorConfigFull
  | BigQueryConnectorConfigFull
  | JiraConnectorConfigFull
  | SalesforceConnectorConfigFull
  | (ConnectorConfigBase & Record<string, unknown>);

/**
 * Machine-readable metadata for one connector type, served by `GET /connectors/types`
 * so UIs can render "Add connector" forms.
 */
export interface ConnectorDescriptor {
  /** The connector type, also the key of its config block. */
  type: ConnectorType;
  /** Human name, e.g. "PostgreSQL". */
  displayName: string;
  /** One-sentence description. */
  description: string;
  /** Determines the ingest model. */
  category: ConnectorCategory;
  /** JSON Schema (draft-07) of the config block under the type's key. */
  configSchema: Record<string, unknown>;
  /** JSON Schema (draft-07) of the `ingest` config. */
  ingestSchema: Record<string, unknown>;
  /** The tables an API connector produces; null for database connectors. */
  outputTables: ReadonlyArray<TableSchema> | null;
}
