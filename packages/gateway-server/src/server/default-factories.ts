import { postgresConnectorFactory } from "@lakesync/adapter-postgres";
import { jiraConnectorFactory } from "@lakesync/connector-jira";
import { salesforceConnectorFactory } from "@lakesync/connector-salesforce";
import { AdapterError, Err } from "@lakesync/core";
import type { ConnectorFactory } from "@lakesync/gateway";

/**
 * The connector runtimes `lakesync-gateway` (main.ts) starts with, by type: the database
 * and API connectors this package ships. The MySQL and BigQuery ones load their package
 * (and its driver) when a connector of their type is first registered, so a server that
 * never uses them does not pay for them at start-up. Embedders passing `factories` to
 * `startServer` choose their own; spread these to keep them.
 * @example
 * await startServer({ config, factories: { ...defaultConnectorFactories(), stripe: stripeFactory } });
 */
export function defaultConnectorFactories(): Record<string, ConnectorFactory> {
  return {
    postgres: postgresConnectorFactory,
    mysql: lazyFactory(
      "mysql",
      async () => (await import("@lakesync/adapter-mysql")).mysqlConnectorFactory,
    ),
    bigquery: lazyFactory(
      "bigquery",
      async () => (await import("@lakesync/adapter-bigquery")).bigqueryConnectorFactory,
    ),
    jira: jiraConnectorFactory,
    salesforce: salesforceConnectorFactory,
  };
}

/** A factory whose package is imported on its first use; a failed import is that register's error. */
export function lazyFactory(type: string, load: () => Promise<ConnectorFactory>): ConnectorFactory {
  let loading: Promise<ConnectorFactory> | null = null;
  return async (context) => {
    let factory: ConnectorFactory;
    try {
      loading ??= load();
      factory = await loading;
    } catch (err) {
      loading = null;
      const reason = err instanceof Error ? err.message : String(err);
      return Err(new AdapterError(`The ${type} connector could not be loaded: ${reason}`));
    }
    return factory(context);
  };
}
