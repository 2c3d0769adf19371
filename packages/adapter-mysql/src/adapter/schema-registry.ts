import type { ColumnType, TableSchema } from "@lakesync/core";
import { jsonText } from "../sql/json-text.js";
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
    const columns = JSON.parse(row.columns) as { name: string; type: ColumnType }[];
    schemas.set(row.table_name, { table: row.table_name, columns });
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
    [
      gatewayId,
      schema.table,
      jsonText(schema.columns.map((c) => ({ name: c.name, type: c.type }))),
    ],
  );
}

/**
 * The columns of `previous` followed by those of `next` it lacked: schemas only widen.
 * A column whose type changed is reported instead.
 */
export function widenSchema(
  previous: TableSchema | undefined,
  next: TableSchema,
): { schema: TableSchema; added: string[] } | { conflict: string } {
  const columns = [...(previous?.columns ?? [])];
  const added: string[] = [];
  for (const column of next.columns) {
    const known = columns.find((c) => c.name === column.name);
    if (known && known.type !== column.type) {
      return {
        conflict: `Column "${column.name}" of table "${next.table}" is already registered as ${known.type}, not ${column.type}`,
      };
    }
    if (!known) {
      columns.push({ name: column.name, type: column.type });
      added.push(column.name);
    }
  }
  return { schema: { table: next.table, columns }, added };
}
