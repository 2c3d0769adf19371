import type { MySqlClient } from "../sql-client.js";

/**
 * Character set of LakeSync's tables: utf8mb4 with a binary collation, so ids and names
 * compare byte for byte (`"R1"` and `"r1"` are two rows, as on PostgreSQL) on MySQL 8 and
 * MariaDB alike (their default collations differ and both ignore case).
 */
export const TABLE_OPTIONS = "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";

/**
 * The tables LakeSync keeps in a database, shared by every gateway id that writes there:
 * the delta log, the merged state of each row, and the registered table schemas.
 * Key columns are VARCHARs sized to fit InnoDB's 3,072-byte key limit in utf8mb4
 * (gateway_id, delta_id, table_name 191 characters; row_id 255). `JSON` is a native type on
 * MySQL 8 and an alias of LONGTEXT with a `JSON_VALID` check on MariaDB.
 * Names starting with `lakesync_` are reserved for them.
 */
export const LOG_TABLE_DDL: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS lakesync_deltas (
  gateway_id VARCHAR(191) NOT NULL,
  \`position\` BIGINT NOT NULL,
  delta_id VARCHAR(191) NOT NULL,
  op VARCHAR(6) NOT NULL,
  table_name VARCHAR(191) NOT NULL,
  row_id VARCHAR(255) NOT NULL,
  client_id VARCHAR(255) NOT NULL,
  hlc BIGINT NOT NULL,
  \`columns\` JSON NOT NULL,
  PRIMARY KEY (gateway_id, delta_id),
  KEY lakesync_deltas_position (gateway_id, \`position\`)
) ${TABLE_OPTIONS}`,
  `CREATE TABLE IF NOT EXISTS lakesync_rows (
  gateway_id VARCHAR(191) NOT NULL,
  table_name VARCHAR(191) NOT NULL,
  row_id VARCHAR(255) NOT NULL,
  state JSON NOT NULL,
  PRIMARY KEY (gateway_id, table_name, row_id)
) ${TABLE_OPTIONS}`,
  `CREATE TABLE IF NOT EXISTS lakesync_schemas (
  gateway_id VARCHAR(191) NOT NULL,
  table_name VARCHAR(191) NOT NULL,
  \`columns\` JSON NOT NULL,
  PRIMARY KEY (gateway_id, table_name)
) ${TABLE_OPTIONS}`,
];

/**
 * Driver codes of a missing table or database (1146, 1049), or of none chosen (1046: a
 * connection string that names no database).
 */
export const UNDEFINED_TABLE_CODES: ReadonlySet<string> = new Set([
  "ER_NO_SUCH_TABLE",
  "ER_BAD_DB_ERROR",
  "ER_NO_DB_ERROR",
]);

/** Driver codes of a table that is not LakeSync's own: a column it lacks (1054). */
export const OTHER_SHAPE_CODES: ReadonlySet<string> = new Set(["ER_BAD_FIELD_ERROR"]);

/** Seconds a writer waits for a LakeSync lock before failing. */
const LOCK_TIMEOUT_SECONDS = 60;

/**
 * The named lock (at most 64 characters) that serialises LakeSync's DDL in a database. Named
 * by the first 40 hex digits of SHA2: MySQL 9 has no SHA1 or MD5, MariaDB and MySQL 8 have SHA2.
 */
const DDL_LOCK = "CONCAT('lakesync:ddl:', LEFT(SHA2(IFNULL(DATABASE(), ''), 256), 40))";
/** The named lock of a gateway's writers in a database. */
const GATEWAY_LOCK =
  "CONCAT('lakesync:gw:', LEFT(SHA2(CONCAT(IFNULL(DATABASE(), ''), '/', ?), 256), 40))";

/**
 * Runs `fn` holding a named lock (`GET_LOCK`, which MySQL and MariaDB share). The lock
 * belongs to the session, not to a transaction, so it outlives the commit of `fn`'s
 * transaction and the implicit commit of DDL, and is released only after `fn` is done.
 */
async function withNamedLock<R>(
  session: MySqlClient,
  nameSql: string,
  params: readonly unknown[],
  fn: () => Promise<R>,
): Promise<R> {
  const [row] = await session.query<{ got: number | string | null }>(
    `SELECT GET_LOCK(${nameSql}, ${LOCK_TIMEOUT_SECONDS}) AS got`,
    params,
  );
  if (Number(row?.got) !== 1) {
    throw new Error(`Timed out after ${LOCK_TIMEOUT_SECONDS}s waiting for a LakeSync lock`);
  }
  try {
    return await fn();
  } finally {
    await session.query(`SELECT RELEASE_LOCK(${nameSql}) AS released`, params).catch(() => {});
  }
}

/** Serialises LakeSync's DDL across processes and gateways. Taken before a gateway lock. */
export function withSchemaLock<R>(session: MySqlClient, fn: () => Promise<R>): Promise<R> {
  return withNamedLock(session, DDL_LOCK, [], fn);
}

/**
 * Serialises writers of one gateway id, so two flushes never merge the same row from the
 * same old state (read, merge, write would otherwise lose one of them).
 */
export function withGatewayLock<R>(
  session: MySqlClient,
  gatewayId: string,
  fn: () => Promise<R>,
): Promise<R> {
  return withNamedLock(session, GATEWAY_LOCK, [gatewayId], fn);
}

/** Creates the log tables when missing. Safe to run concurrently and repeatedly. */
export async function createLogTables(client: MySqlClient): Promise<void> {
  await client.session((session) =>
    withSchemaLock(session, async () => {
      for (const ddl of LOG_TABLE_DDL) await session.query(ddl);
    }),
  );
}
