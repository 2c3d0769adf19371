import {
  AdapterError,
  type BigQueryConnectorConfig,
  checkIngestTables,
  type DatabaseIngestConfig,
  Err,
  LakeSyncError,
  Ok,
  type Result,
} from "@lakesync/core";
import {
  type ConnectorContext,
  type ConnectorFactory,
  type ConnectorRuntime,
  createDatabaseIngestPoll,
} from "@lakesync/gateway";
import { BigQueryAdapter } from "../adapter/bigquery-adapter.js";
import { toBigQueryError } from "../client/bigquery-error.js";
import { BigQueryRest } from "../client/bigquery-rest.js";
import { BigQuerySqlSource } from "../source/bigquery-sql-source.js";

/**
 * The runtime of `type: "bigquery"` connectors on gateway-server. Registering one:
 * 1. builds a client for `bigquery.projectId` with the service account in `keyFilename`, or
 *    application default credentials; with `apiEndpoint` (an emulator) no credentials at all,
 *    and that endpoint is the only host contacted (it passes the server's URL guard first);
 * 2. checks the dataset answers, and with `ingest` that every table's query is valid and
 *    returns its `rowIdColumn` (and `cursorColumn`), by dry runs that read nothing and cost
 *    nothing; any failure refuses the register with BigQuery's message;
 * 3. answers the named source for `?source=` pulls: a {@link BigQueryAdapter} reading the
 *    dataset's `lakesync_deltas` for the registering gateway (empty page and a warning when the
 *    dataset has no log);
 * 4. with `ingest`, the poll of `createDatabaseIngestPoll` over a {@link BigQuerySqlSource}:
 *    one query job per table and poll, read a page at a time.
 * @example
 * await startServer({ config, factories: { bigquery: bigqueryConnectorFactory } });
 */
export const bigqueryConnectorFactory: ConnectorFactory = async (context) => {
  const { config } = context;
  const settings = (config as { bigquery?: BigQueryConnectorConfig }).bigquery;
  if (config.type !== "bigquery" || !settings) {
    return Err(
      new LakeSyncError("INVALID_CONFIG", `The bigquery factory cannot build a ${config.type}`),
    );
  }
  if (settings.apiEndpoint) {
    const allowed = context.urlGuard(settings.apiEndpoint);
    if (!allowed.ok) {
      return Err(
        new LakeSyncError(allowed.error.code, `bigquery.apiEndpoint: ${allowed.error.message}`),
      );
    }
  }
  let client: BigQueryRest;
  try {
    client = new BigQueryRest(settings);
  } catch (err) {
    return Err(new AdapterError(`Cannot set up BigQuery: ${toBigQueryError(err).message}`));
  }
  const ingest = config.ingest as DatabaseIngestConfig | undefined;
  const source = new BigQuerySqlSource(client);
  const checked = await check(client, source, ingest);
  if (!checked.ok) return checked;
  return Ok(runtime(context, client, source, ingest));
};

async function check(
  client: BigQueryRest,
  source: BigQuerySqlSource,
  ingest: DatabaseIngestConfig | undefined,
): Promise<Result<void, AdapterError>> {
  try {
    await client.dryRun("SELECT 1");
  } catch (err) {
    return Err(new AdapterError(`Cannot reach BigQuery: ${toBigQueryError(err).message}`));
  }
  return checkIngestTables(source, ingest);
}

function runtime(
  context: ConnectorContext,
  client: BigQueryRest,
  source: BigQuerySqlSource,
  ingest: DatabaseIngestConfig | undefined,
): ConnectorRuntime {
  const adapter = new BigQueryAdapter({ client, gatewayId: context.gatewayId });
  const close = async () => {};
  if (!ingest) return { source: adapter, close };
  const poll = createDatabaseIngestPoll({
    source,
    connector: context.config.name,
    ingest,
    gateway: context.gateway,
    state: context.state,
  });
  return { source: adapter, poll, close };
}
