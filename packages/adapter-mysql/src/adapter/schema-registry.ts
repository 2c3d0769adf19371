import { decodeSchemaColumns, encodeSchemaColumns, type TableSchema } from "@lakesync/core";
import type { MySqlClient } from "../sql-client.js";

/** The table schemas a gateway registered in this database, by table name. */
export async function readSchemas(
  client: MySqlClient,
  gatewayId: string,
): Promise<Map<string, TableSchema>> {
  const rows = await client.query<{ table_name: string; columns: string }>(
    "SELECT table_name, `columns` FROM lakesync_schemas WHERE gateway_id = ?",
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
  tx: MySqlClient,
  gatewayId: string,
  schema: TableSchema,
): Promise<void> {
  await tx.query(
    `INSERT INTO lakesync_schemas (gateway_id, table_name, \`columns\`) VALUES (?, ?, ?)
     ON DUPLICATE KEY UPDATE \`columns\` = VALUES(\`columns\`)`,
    [gatewayId, schema.table, encodeSchemaColumns(schema)],
  );
}
