import { Err, isConnectorConfigOfType, LakeSyncError, Ok } from "@lakesync/core";
import type { ConnectorFactory } from "@lakesync/gateway";
import { createSalesforcePoller, salesforceLoginUrl } from "./poller/salesforce-poller.js";

/**
 * Builds a Salesforce connector's runtime: a poller (no named source) that the host runs every
 * `ingest.intervalMs`. The login URL must pass the server's URL guard (and so must the
 * `instance_url` the login answers); the credentials are checked by the first poll, which the
 * host runs at once (a refused login fails the connector).
 * @example
 * await startServer({ config, factories: { salesforce: salesforceConnectorFactory } });
 */
export const salesforceConnectorFactory: ConnectorFactory = async (context) => {
  const { config } = context;
  if (!isConnectorConfigOfType(config, "salesforce")) {
    return Err(
      new LakeSyncError("INVALID_CONFIG", 'salesforce is required when type is "salesforce"'),
    );
  }
  const guarded = context.urlGuard(salesforceLoginUrl(config.salesforce));
  if (!guarded.ok) return Err(guarded.error);

  const poller = createSalesforcePoller({
    config: config.salesforce,
    target: context.gateway,
    state: context.state,
    clientId: `ingest:${config.name}`,
    chunkSize: config.ingest?.chunkSize,
    memoryBudgetBytes: config.ingest?.memoryBudgetBytes,
    limitRetryMs: config.ingest?.intervalMs,
    fetch: context.fetch,
    urlGuard: context.urlGuard,
    log: context.log,
    onProgress: context.onProgress,
    client: { onWait: context.onWait },
  });
  return Ok({
    poll: (signal: AbortSignal) => poller.poll(signal),
    close: async () => {},
  });
};
