import { bigqueryConnectorFactory } from "@lakesync/adapter-bigquery";
import { mysqlConnectorFactory } from "@lakesync/adapter-mysql";
import { postgresConnectorFactory } from "@lakesync/adapter-postgres";
import { jiraConnectorFactory } from "@lakesync/connector-jira";
import { salesforceConnectorFactory } from "@lakesync/connector-salesforce";
import type { ConnectorFactory } from "@lakesync/gateway";

/**
 * The connector runtimes `lakesync-gateway` (main.ts) starts with, by type: the database
 * and API connectors this package ships. Embedders passing `factories` to `startServer`
 * choose their own; spread these to keep them.
 * @example
 * await startServer({ config, factories: { ...defaultConnectorFactories(), stripe: stripeFactory } });
 */
export function defaultConnectorFactories(): Record<string, ConnectorFactory> {
  return {
    postgres: postgresConnectorFactory,
    mysql: mysqlConnectorFactory,
    bigquery: bigqueryConnectorFactory,
    jira: jiraConnectorFactory,
    salesforce: salesforceConnectorFactory,
  };
}
