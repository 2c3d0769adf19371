import { Err, isConnectorConfigOfType, LakeSyncError, Ok } from "@lakesync/core";
import type { ConnectorFactory } from "@lakesync/gateway";
import { createJiraPoller, jiraBaseUrl } from "./poller/jira-poller.js";

/**
 * Builds a Jira connector's runtime: a poller (no named source) that the host runs every
 * `ingest.intervalMs`. The base URL must pass the server's URL guard; the credentials are
 * checked by the first poll, which the host runs at once (a 401/403 fails the connector).
 * @example
 * await startServer({ config, factories: { jira: jiraConnectorFactory } });
 */
export const jiraConnectorFactory: ConnectorFactory = async (context) => {
  const { config } = context;
  if (!isConnectorConfigOfType(config, "jira")) {
    return Err(new LakeSyncError("INVALID_CONFIG", 'jira is required when type is "jira"'));
  }
  const baseUrl = jiraBaseUrl(config.jira);
  const guarded = context.urlGuard(baseUrl);
  if (!guarded.ok) return Err(guarded.error);

  const poller = createJiraPoller({
    config: config.jira,
    target: context.gateway,
    state: context.state,
    clientId: `ingest:${config.name}`,
    chunkSize: config.ingest?.chunkSize,
    memoryBudgetBytes: config.ingest?.memoryBudgetBytes,
    fetch: context.fetch,
    log: context.log,
    onProgress: context.onProgress,
    client: { onWait: context.onWait },
  });
  return Ok({
    poll: (signal: AbortSignal) => poller.poll(signal),
    close: async () => {},
  });
};
