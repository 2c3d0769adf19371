import { type RowState, type TableSchema, typedRowChanges } from "@lakesync/core";
import { chunks, insertStatements, placeholders } from "../sql/batched-insert.js";
import { quoteIdent } from "../sql/identifier.js";
import type { MySqlClient } from "../sql-client.js";
import { TABLE_OPTIONS } from "./log-tables.js";
import { MYSQL_COLUMN_TYPES, MYSQL_TYPES, typedParam } from "./typed-value.js";

/**
 * Creates the typed table of a schema, `` `<table>` (gateway_id, row_id, <columns>) `` keyed
 * by (gateway_id, row_id), or adds the columns it lacks (`ALTER TABLE ... ADD COLUMN` after
 * reading `information_schema`: `ADD COLUMN IF NOT EXISTS` is MariaDB's only). Returns a
 * message when an existing table cannot hold the schema. Run it holding the DDL lock: DDL
 * commits implicitly on MySQL, so it cannot be part of a transaction.
 */
export async function ensureTypedTable(
  client: MySqlClient,
  schema: TableSchema,
): Promise<string | null> {
  const table = quoteIdent(schema.table);
  const existing = await client.query<{ name: string; type: string; data_type: string }>(
    `SELECT COLUMN_NAME AS name, LOWER(COLUMN_TYPE) AS type, LOWER(DATA_TYPE) AS data_type
       FROM information_schema.COLUMNS
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?`,
    [schema.table],
  );
  if (existing.length === 0) {
    const columns = schema.columns.map((c) => `${quoteIdent(c.name)} ${MYSQL_TYPES[c.type]} NULL`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${table} (
  gateway_id VARCHAR(191) NOT NULL,
  row_id VARCHAR(255) NOT NULL,
  ${columns.map((c) => `${c},`).join("\n  ")}
  PRIMARY KEY (gateway_id, row_id)
) ${TABLE_OPTIONS}`,
    );
    return null;
  }
  const types = new Map(existing.map((c) => [c.name, c]));
  const isKey = (name: string) => {
    const dataType = types.get(name)?.data_type;
    return dataType === "varchar" || dataType === "char";
  };
  if (!isKey("gateway_id") || !isKey("row_id")) {
    return `Table "${schema.table}" already exists and is not a LakeSync table (it needs VARCHAR columns gateway_id and row_id)`;
  }
  for (const column of schema.columns) {
    const found = types.get(column.name);
    if (found === undefined) {
      await client.query(
        `ALTER TABLE ${table} ADD COLUMN ${quoteIdent(column.name)} ${MYSQL_TYPES[column.type]} NULL`,
      );
    } else if (!MYSQL_COLUMN_TYPES[column.type].includes(found.type)) {
      return `Column "${column.name}" of table "${schema.table}" already exists as ${found.type}, not ${MYSQL_TYPES[column.type]} (${column.type})`;
    }
  }
  return null;
}

/**
 * Writes the visible values of merged rows into their typed table: an upsert of every schema
 * column for a live row, a DELETE for a deleted one.
 */
export async function writeTypedRows(
  tx: MySqlClient,
  gatewayId: string,
  schema: TableSchema,
  states: readonly RowState[],
): Promise<void> {
  const table = quoteIdent(schema.table);
  const { upserts, deletes } = typedRowChanges(gatewayId, schema, states, typedParam);
  for (const ids of chunks(deletes)) {
    await tx.query(
      `DELETE FROM ${table} WHERE gateway_id = ? AND row_id IN (${placeholders(ids.length)})`,
      [gatewayId, ...ids],
    );
  }
  if (upserts.length === 0) return;
  const names = schema.columns.map((c) => quoteIdent(c.name));
  const statements = insertStatements(
    `INSERT INTO ${table} (gateway_id, row_id, ${names.join(", ")})`,
    ["?", "?", ...schema.columns.map(() => "?")],
    upserts,
    // VALUES(col) is deprecated on MySQL 8.0.20+ but still works there; the `AS new` alias
    // that replaces it is MySQL-only, and MariaDB knows only VALUES().
    `ON DUPLICATE KEY UPDATE ${names.map((n) => `${n} = VALUES(${n})`).join(", ")}`,
  );
  for (const { text, params } of statements) await tx.query(text, params);
}
