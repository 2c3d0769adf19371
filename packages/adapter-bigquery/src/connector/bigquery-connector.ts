import { AdapterError, type BigQueryConnectorConfig, Err, LakeSyncError } from "@lakesync/core";
import { type ConnectorFactory, closeOnce, databaseConnector } from "@lakesync/gateway";
import { BigQueryAdapter } from "../adapter/bigquery-adapter.js";
import { toBigQueryError } from "../client/bigquery-error.js";
import { BigQueryRest } from "../client/bigquery-rest.js";
import { BigQuerySqlSource } from "../source/bigquery-sql-source.js";

/** How long the register-time checks may take together. */
const CHECK_BUDGET_MS = 30_000;

/**
 * The runtime of `type: "bigquery"` connectors on gateway-server. Registering one:
 * 1. builds a client for `bigquery.projectId` with the service account in `keyFilename`, or
 *    application default credentials; with `apiEndpoint` (an emulator) no credentials at all,
 *    and that endpoint is the only host contacted (it passes the server's URL guard first);
 * 2. checks the dataset answers, and with `ingest` that every table's query is valid and
 *    returns its `rowIdColumn` (and `cursorColumn`), by dry runs that read nothing and cost
 *    nothing, 10 s each and 30 s together; any failure refuses the register with BigQuery's
 *    message (or "No answer from <endpoint> within N s");
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
    client = new BigQueryRest(settings, { fetch: context.fetch });
  } catch (err) {
    return Err(new AdapterError(`Cannot set up BigQuery: ${toBigQueryError(err).message}`));
  }
  // The register's dry runs share one budget, however many tables there are.
  const checks = client.answerWithin(CHECK_BUDGET_MS);
  const source = new BigQuerySqlSource(client, { checkSignal: checks });
  const adapter = new BigQueryAdapter({ client, gatewayId: context.gatewayId });
  return databaseConnector(context, {
    database: "BigQuery",
    ping: () => client.dryRun("SELECT 1", { signal: checks }).then(() => undefined),
    describe: (err) => toBigQueryError(err).message,
    source,
    adapter,
    // Cancels the requests in flight, so an unregister does not wait on a silent BigQuery.
    close: closeOnce(async () => {
      await Promise.all([source.close(), adapter.close()]);
    }),
  });
};
