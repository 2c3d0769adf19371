import { bytesToBase64 } from "../encoding/base64.js";
import type { ColumnDelta, Row } from "./types.js";

/**
 * Every column of a row as a delta's column list, in the row's key order, each value as
 * {@link columnValue} gives it. Runs for every row an ingest engine emits whole, so it loops
 * by index.
 * @example rowColumns({ id: 1, title: "a" }) // [{ column: "id", value: 1 }, { column: "title", value: "a" }]
 */
export function rowColumns(row: Row): ColumnDelta[] {
  const names = Object.keys(row);
  const columns = new Array<ColumnDelta>(names.length);
  for (let i = 0; i < names.length; i++) {
    const column = names[i] as string;
    columns[i] = { column, value: columnValue(row[column]) };
  }
  return columns;
}

/**
 * A value read from a source as a delta carries it: undefined becomes null, and binary
 * (a driver's Buffer for bytea or BLOB, any typed array) base64 text, as BigQuery gives BYTES;
 * in JSON a Buffer would be `{"type":"Buffer","data":[...]}`, four times the size.
 * @example columnValue(new Uint8Array([1, 2, 3])) // "AQID"
 */
export function columnValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === "object" && value !== null && ArrayBuffer.isView(value)) {
    return bytesToBase64(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  }
  return value;
}

/**
 * Whether `columns` are named `names`, in that order: a hot path that remembers the last list
 * of names it checked or hashed skips that work for the next delta with the very same names.
 * @example namedAs([{ column: "id", value: 1 }], ["id"]) // true
 */
export function namedAs(columns: readonly ColumnDelta[], names: readonly string[]): boolean {
  if (columns.length !== names.length) return false;
  for (let i = 0; i < columns.length; i++) {
    if (columns[i]?.column !== names[i]) return false;
  }
  return true;
}
