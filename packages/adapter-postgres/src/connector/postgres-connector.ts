import { AdapterError, Err, LakeSyncError, type PostgresConnectorConfig } from "@lakesync/core";
import { type ConnectorFactory, closeOnce, databaseConnector } from "@lakesync/gateway";
import { PostgresAdapter } from "../adapter/postgres-adapter.js";
import { postgresJsClient } from "../clients/postgres-js-client.js";
import { describeDbError } from "../db-error.js";
import { PostgresSqlSource } from "../source/postgres-sql-source.js";
import type { SqlClient } from "../sql-client.js";

/** Seconds a connector waits for a connection before reporting the database unreachable. */
const CONNECT_TIMEOUT_SECONDS = 10;

/**
 * The runtime of `type: "postgres"` connectors on gateway-server. Registering one:
 * 1. opens a postgres.js pool on `postgres.connectionString` as given (`sslmode` and other
 *    parameters included), `poolSize` as its size, `statementTimeoutMs` as every
 *    connection's `statement_timeout`;
 * 2. checks the database answers (`select 1`) and, with `ingest`, that every table's query
 *    runs and returns its `rowIdColumn` (and `cursorColumn`) (`limit 0` dry runs);
 *    any failure refuses the register with ADAPTER_ERROR and the database's message (no
 *    password), and the pool is closed;
 * 3. answers the named source for `?source=` pulls: a PostgresAdapter reading the
 *    database's LakeSync delta log (`lakesync_deltas`) for the registering gateway's id only,
 *    so one database that several gateways flush into never leaks one gateway's deltas into
 *    another's pulls. A database without that log answers an empty page and a warning;
 * 4. with `ingest`, the poll of `createDatabaseIngestPoll` over a {@link PostgresSqlSource}.
 * `close` ends the pool (the poll stops first: the host stops the poller before closing).
 * @example
 * await startServer({ config, factories: { postgres: postgresConnectorFactory } });
 */
export const postgresConnectorFactory: ConnectorFactory = async (context) => {
  const { config } = context;
  const settings = (config as { postgres?: PostgresConnectorConfig }).postgres;
  if (config.type !== "postgres" || !settings) {
    return Err(
      new LakeSyncError("INVALID_CONFIG", `The postgres factory cannot build a ${config.type}`),
    );
  }
  let client: SqlClient;
  try {
    client = postgresJsClient(settings.connectionString, {
      connectTimeoutSeconds: CONNECT_TIMEOUT_SECONDS,
      // Ingested rows keep their timestamps' microseconds, whichever strategy reads them.
      exactTimestamps: true,
      // The server's own PGPASSWORD is never sent to a host an API caller named.
      environmentPassword: false,
      ...(settings.poolSize !== undefined ? { max: settings.poolSize } : {}),
      ...(settings.statementTimeoutMs !== undefined
        ? { statementTimeoutMs: settings.statementTimeoutMs }
        : {}),
    });
  } catch (err) {
    return Err(new AdapterError(describeDbError(err)));
  }
  // Source pulls, the poll and the checks share one pool; `close` ends it once.
  return databaseConnector(context, {
    database: "PostgreSQL",
    ping: () => client.query("select 1").then(() => undefined),
    describe: describeDbError,
    source: new PostgresSqlSource(client, { ownsClient: false }),
    adapter: new PostgresAdapter({ client, gatewayId: context.gatewayId }),
    close: closeOnce(() => client.close()),
  });
};
