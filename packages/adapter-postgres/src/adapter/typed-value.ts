import type { ColumnType } from "@lakesync/core";

/** The PostgreSQL type of each schema column type. */
export const PG_TYPES: Readonly<Record<ColumnType, string>> = {
  string: "text",
  number: "double precision",
  boolean: "boolean",
  json: "jsonb",
  timestamp: "timestamptz",
};

/** How `format_type()` names each PostgreSQL type, to recognise an existing column. */
export const PG_TYPE_NAMES: Readonly<Record<ColumnType, string>> = {
  string: "text",
  number: "double precision",
  boolean: "boolean",
  json: "jsonb",
  timestamp: "timestamp with time zone",
};
