import {
  jsonText,
  type RowState,
  type TableSchema,
  typedParam,
  typedRowChanges,
} from "@lakesync/core";
import { insertStatements } from "../sql/batched-insert.js";
import { quoteIdent } from "../sql/identifier.js";
import type { SqlClient } from "../sql-client.js";
import { PG_TYPE_NAMES, PG_TYPES } from "./typed-value.js";

/**
 * Creates the typed table of a schema, `"<table>" (gateway_id, row_id, <columns>)` keyed by
 * (gateway_id, row_id), or adds the columns it lacks. Returns a message when an existing
 * table cannot hold the schema (not a LakeSync table, or a column of another type).
 */
export async function ensureTypedTable(tx: SqlClient, schema: TableSchema): Promise<string | null> {
  const table = quoteIdent(schema.table);
  const existing = await tx.query<{ name: string; type: string }>(
    `select a.attname::text as name, format_type(a.atttypid, a.atttypmod) as type
       from pg_attribute a
      where a.attrelid = to_regclass($1::text) and a.attnum > 0 and not a.attisdropped`,
    [table],
  );
  if (existing.length === 0) {
    const columns = schema.columns.map((c) => `${quoteIdent(c.name)} ${PG_TYPES[c.type]}`);
    await tx.query(
      `create table if not exists ${table} (
  gateway_id text not null,
  row_id text not null,
  ${columns.map((c) => `${c},`).join("\n  ")}
  primary key (gateway_id, row_id)
)`,
    );
    return null;
  }
  const types = new Map(existing.map((c) => [c.name, c.type]));
  if (types.get("gateway_id") !== "text" || types.get("row_id") !== "text") {
    return `Table "${schema.table}" already exists and is not a LakeSync table (it needs text columns gateway_id and row_id)`;
  }
  for (const column of schema.columns) {
    const type = types.get(column.name);
    if (type === undefined) {
      await tx.query(
        `alter table ${table} add column if not exists ${quoteIdent(column.name)} ${PG_TYPES[column.type]}`,
      );
    } else if (type !== PG_TYPE_NAMES[column.type]) {
      return `Column "${column.name}" of table "${schema.table}" already exists as ${type}, not ${PG_TYPES[column.type]} (${column.type})`;
    }
  }
  return null;
}

/**
 * Writes the visible values of merged rows into their typed table: an upsert of every schema
 * column for a live row, a DELETE for a deleted one.
 */
export async function writeTypedRows(
  tx: SqlClient,
  gatewayId: string,
  schema: TableSchema,
  states: readonly RowState[],
): Promise<void> {
  const table = quoteIdent(schema.table);
  const { upserts, deletes } = typedRowChanges(gatewayId, schema, states, typedParam);
  if (deletes.length > 0) {
    await tx.query(
      `delete from ${table}
        where gateway_id = $1::text and row_id in (select jsonb_array_elements_text($2::text::jsonb))`,
      [gatewayId, jsonText(deletes)],
    );
  }
  if (upserts.length === 0) return;
  const names = schema.columns.map((c) => quoteIdent(c.name));
  const statements = insertStatements(
    `insert into ${table} (gateway_id, row_id, ${names.join(", ")})`,
    ["::text", "::text", ...schema.columns.map((c) => `::text::${PG_TYPES[c.type]}`)],
    upserts,
    `on conflict (gateway_id, row_id) do update set ${names.map((n) => `${n} = excluded.${n}`).join(", ")}`,
  );
  for (const { text, params } of statements) await tx.query(text, params);
}
