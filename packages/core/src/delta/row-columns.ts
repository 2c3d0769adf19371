import type { ColumnDelta, Row } from "./types.js";

/**
 * Every column of a row as a delta's column list, in the row's key order; an undefined value
 * becomes null. Runs for every row an ingest engine emits whole, so it loops by index.
 * @example rowColumns({ id: 1, title: "a" }) // [{ column: "id", value: 1 }, { column: "title", value: "a" }]
 */
export function rowColumns(row: Row): ColumnDelta[] {
  const names = Object.keys(row);
  const columns = new Array<ColumnDelta>(names.length);
  for (let i = 0; i < names.length; i++) {
    const column = names[i] as string;
    columns[i] = { column, value: row[column] ?? null };
  }
  return columns;
}
