import type { ColumnType, TableSchema } from "../schema/index.js";
import { jsonText } from "./json-text.js";

/** The JSON text a registered schema's columns are stored as: `[{ "name", "type" }, ...]`. */
export function encodeSchemaColumns(schema: TableSchema): string {
  return jsonText(schema.columns.map((c) => ({ name: c.name, type: c.type })));
}

/** A registered table schema back from its stored columns text. */
export function decodeSchemaColumns(table: string, text: string): TableSchema {
  return { table, columns: JSON.parse(text) as { name: string; type: ColumnType }[] };
}
