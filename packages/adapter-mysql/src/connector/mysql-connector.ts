import { AdapterError, Err, LakeSyncError, type MySQLConnectorConfig } from "@lakesync/core";
import { type ConnectorFactory, closeOnce, databaseConnector } from "@lakesync/gateway";
import { MySqlAdapter } from "../adapter/mysql-adapter.js";
import { mysqlClient } from "../clients/mysql2-client.js";
import { describeDbError } from "../db-error.js";
import { MySqlSqlSource } from "../source/mysql-sql-source.js";
import type { MySqlClient } from "../sql-client.js";

/** Milliseconds a connector waits for a connection before reporting the database unreachable. */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * The runtime of `type: "mysql"` connectors on gateway-server (MySQL 8 or MariaDB).
 * Registering one:
 * 1. opens a mysql2 pool on `mysql.connectionString`;
 * 2. checks the database answers (`SELECT 1`) and, with `ingest`, that every table's query
 *    runs and returns its `rowIdColumn` (and `cursorColumn`) (`LIMIT 0` dry runs); any
 *    failure refuses the register with ADAPTER_ERROR and the database's message (no
 *    password), and the pool is closed;
 * 3. answers the named source for `?source=` pulls: a MySqlAdapter reading the database's
 *    LakeSync delta log (`lakesync_deltas`) for the registering gateway's id only. A
 *    database without that log answers an empty page and a warning;
 * 4. with `ingest`, the poll of `createDatabaseIngestPoll` over a {@link MySqlSqlSource}.
 * `close` ends the pool (the host stops the poller first).
 * @example
 * await startServer({ config, factories: { mysql: mysqlConnectorFactory } });
 */
export const mysqlConnectorFactory: ConnectorFactory = async (context) => {
  const { config } = context;
  const settings = (config as { mysql?: MySQLConnectorConfig }).mysql;
  if (config.type !== "mysql" || !settings) {
    return Err(
      new LakeSyncError("INVALID_CONFIG", `The mysql factory cannot build a ${config.type}`),
    );
  }
  let client: MySqlClient;
  try {
    client = mysqlClient(settings.connectionString, { connectTimeoutMs: CONNECT_TIMEOUT_MS });
  } catch (err) {
    return Err(new AdapterError(describeDbError(err)));
  }
  // Source pulls, the poll and the checks share one pool; `close` ends it once.
  return databaseConnector(context, {
    database: "MySQL",
    ping: () => client.query("SELECT 1").then(() => undefined),
    describe: describeDbError,
    source: new MySqlSqlSource(client, { ownsClient: false }),
    adapter: new MySqlAdapter({ client, gatewayId: context.gatewayId }),
    close: closeOnce(() => client.close()),
  });
};
