import { decodeSchemaColumns, encodeSchemaColumns, type TableSchema } from "@lakesync/core";
import type { SqlClient } from "../sql-client.js";

/** The table schemas a gateway registered in this database, by table name. */
export async function readSchemas(
  client: SqlClient,
  gatewayId: string,
): Promise<Map<string, TableSchema>> {
  const rows = await client.query<{ table_name: string; columns: string }>(
    "select table_name, columns::text as columns from lakesync_schemas where gateway_id = $1::text",
    [gatewayId],
  );
  const schemas = new Map<string, TableSchema>();
  for (const row of rows) {
    schemas.set(row.table_name, decodeSchemaColumns(row.table_name, row.columns));
  }
  return schemas;
}

/** Records a gateway's schema for a table (replacing the previous one). */
export async function saveSchema(
  tx: SqlClient,
  gatewayId: string,
  schema: TableSchema,
): Promise<void> {
  await tx.query(
    `insert into lakesync_schemas (gateway_id, table_name, columns)
     values ($1::text, $2::text, $3::text::jsonb)
     on conflict (gateway_id, table_name) do update set columns = excluded.columns`,
    [gatewayId, schema.table, encodeSchemaColumns(schema)],
  );
}
