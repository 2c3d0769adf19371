export { type BigQueryConnectorConfig, bigqueryConfigSchema } from "./bigquery.js";
export type { ConnectorConfigInput } from "./config-input.js";
export {
  type ApiIngestConfig,
  apiIngestSchema,
  connectorIngestDefaults,
  connectorIngestLimits,
  type DatabaseIngestConfig,
  databaseIngestSchema,
  type IngestStrategy,
  type IngestTableConfig,
  ingestStrategySchema,
  ingestTableSchema,
} from "./ingest-schema.js";
export { type JiraConnectorConfig, jiraConfigSchema } from "./jira.js";
export { type MySQLConnectorConfig, mysqlConfigSchema } from "./mysql.js";
export { connectorNameSchema, MAX_CONNECTOR_NAME_LENGTH } from "./name.js";
export { isConnectorConfigOfType } from "./narrow.js";
export {
  jiraCommentsTable,
  jiraIssuesTable,
  jiraOutputTables,
  jiraProjectsTable,
} from "./output-tables/jira.js";
export {
  salesforceAccountsTable,
  salesforceContactsTable,
  salesforceLeadsTable,
  salesforceOpportunitiesTable,
  salesforceOutputTables,
} from "./output-tables/salesforce.js";
export { type PostgresConnectorConfig, postgresConfigSchema } from "./postgres.js";
export { POSTGRES_SSL_MODES, postgresUrl } from "./postgres-url.js";
export {
  getConnectorDescriptor,
  listConnectorDescriptors,
  registerConnectorDescriptor,
  resetConnectorDescriptors,
  unregisterConnectorDescriptor,
} from "./registry.js";
export {
  DEFAULT_SALESFORCE_API_VERSION,
  type SalesforceConnectorConfig,
  salesforceConfigSchema,
} from "./salesforce.js";
export { type RedactOptions, redactConnectorConfig, secretFields } from "./secrets.js";
export type { ConnectorState, ConnectorStatus } from "./status.js";
export {
  type BigQueryConnectorConfigFull,
  type BuiltInConnectorConfigs,
  type BuiltInConnectorType,
  builtInConnectorTypes,
  type ConnectorCategory,
  type ConnectorConfig,
  type ConnectorConfigBase,
  type ConnectorDescriptor,
  type ConnectorIngestConfig,
  type ConnectorType,
  type JiraConnectorConfigFull,
  type MySQLConnectorConfigFull,
  type PostgresConnectorConfigFull,
  type SalesforceConnectorConfigFull,
} from "./types.js";
export { validateConnectorConfig } from "./validate.js";
