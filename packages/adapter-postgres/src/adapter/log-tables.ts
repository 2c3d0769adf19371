import type { SqlClient } from "../sql-client.js";

/**
 * The tables LakeSync keeps in a database, shared by every gateway id that writes there:
 * the delta log, the merged state of each row, and the registered table schemas.
 * Names starting with `lakesync_` are reserved for them.
 */
export const LOG_TABLE_DDL: readonly string[] = [
  `create table if not exists lakesync_deltas (
  gateway_id text not null,
  position bigint not null,
  delta_id text not null,
  op text not null check (op in ('INSERT', 'UPDATE', 'DELETE')),
  table_name text not null,
  row_id text not null,
  client_id text not null,
  hlc bigint not null,
  columns jsonb not null,
  primary key (gateway_id, delta_id)
)`,
  "create index if not exists lakesync_deltas_position on lakesync_deltas (gateway_id, position)",
  `create table if not exists lakesync_rows (
  gateway_id text not null,
  table_name text not null,
  row_id text not null,
  state jsonb not null,
  primary key (gateway_id, table_name, row_id)
)`,
  `create table if not exists lakesync_schemas (
  gateway_id text not null,
  table_name text not null,
  columns jsonb not null,
  primary key (gateway_id, table_name)
)`,
];

/** SQLSTATEs of a missing table, and of a missing schema in a qualified name. */
export const UNDEFINED_TABLE_CODES: ReadonlySet<string> = new Set(["42P01", "3F000"]);

/**
 * SQLSTATEs of a table that is not LakeSync's own: a column it lacks, or one whose type the
 * log's statements cannot compare or cast (undefined column, undefined operator, datatype
 * mismatch, invalid text representation).
 */
export const OTHER_SHAPE_CODES: ReadonlySet<string> = new Set(["42703", "42883", "42804", "22P02"]);

/**
 * Serialises DDL across processes and gateways (`create table if not exists` races
 * otherwise). Taken first, before any gateway lock, so locks are always taken in one order.
 */
export async function lockSchemaChanges(tx: SqlClient): Promise<void> {
  await tx.query("select pg_advisory_xact_lock(hashtextextended('lakesync:ddl', 0))");
}

/**
 * Serialises writers of one gateway id, so two flushes never merge the same row from the
 * same old state (read, merge, write would otherwise lose one of them).
 */
export async function lockGateway(tx: SqlClient, gatewayId: string): Promise<void> {
  await tx.query("select pg_advisory_xact_lock(hashtextextended('lakesync:gw:' || $1::text, 0))", [
    gatewayId,
  ]);
}

/** Creates the log tables when missing. Safe to run concurrently and repeatedly. */
export async function createLogTables(client: SqlClient): Promise<void> {
  await client.transaction(async (tx) => {
    await lockSchemaChanges(tx);
    for (const ddl of LOG_TABLE_DDL) await tx.query(ddl);
  });
}
