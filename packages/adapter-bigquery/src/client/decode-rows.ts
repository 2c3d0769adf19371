import { type Row, toWellFormed } from "@lakesync/core";
import { unexpectedAnswer } from "./bigquery-error.js";
import type { RestRow, SchemaField } from "./bigquery-rest.js";

/**
 * REST rows as plain objects by the result schema: INT64 as a number when it is safe, else
 * its decimal string; FLOAT64 as a number (NaN and ±Infinity too, which JSON then sends as
 * null); NUMERIC and BIGNUMERIC as strings (exact); BOOL;
 * TIMESTAMP as ISO 8601 text with its microseconds (`2024-01-02T10:00:00.123456Z`), exact
 * for cursors; DATE, TIME and DATETIME as BigQuery's text; JSON parsed; BYTES as base64;
 * RECORD as an object and REPEATED as an array.
 */
export function decodeRows(fields: readonly SchemaField[], rows: readonly RestRow[]): Row[] {
  try {
    // A lone surrogate escaped in BigQuery's JSON could never be stored: repaired here.
    return rows.map((row) => toWellFormed(decodeRecord(fields, row)));
  } catch {
    // Only a server that is not BigQuery nests values other than its schema says.
    throw unexpectedAnswer("a query", "a row does not fit its schema");
  }
}

function decodeRecord(fields: readonly SchemaField[], row: RestRow): Row {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] as SchemaField;
    out[field.name] = decodeField(field, row.f[i]?.v ?? null);
  }
  return out;
}

function decodeField(field: SchemaField, v: unknown): unknown {
  if (v === null || v === undefined) return field.mode === "REPEATED" ? [] : null;
  if (field.mode === "REPEATED") {
    return (v as { v: unknown }[]).map((item) => decodeScalar(field, item.v));
  }
  return decodeScalar(field, v);
}

function decodeScalar(field: SchemaField, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  switch (field.type) {
    case "INTEGER":
    case "INT64": {
      const n = Number(v);
      return Number.isSafeInteger(n) ? n : String(v);
    }
    case "FLOAT":
    case "FLOAT64":
      return Number(v);
    case "BOOLEAN":
    case "BOOL":
      return v === "true";
    case "TIMESTAMP":
      return isoFromMicros(String(v));
    case "JSON":
      return JSON.parse(String(v)) as unknown;
    case "RECORD":
    case "STRUCT":
      return decodeRecord(field.fields ?? [], v as RestRow);
    default:
      return String(v);
  }
}

/** ISO 8601 UTC text with microseconds of int64 microseconds (or float seconds) since the epoch. */
export function isoFromMicros(text: string): string {
  let micros: bigint;
  if (/^-?\d+$/.test(text)) {
    micros = BigInt(text);
  } else {
    // The float-seconds form (no useInt64Timestamp): round to the microsecond.
    micros = BigInt(Math.round(Number(text) * 1e6));
  }
  const ms = micros / 1000n - (micros % 1000n < 0n ? 1n : 0n);
  const rest = micros - ms * 1000n;
  const iso = new Date(Number(ms)).toISOString();
  return `${iso.slice(0, 23)}${rest.toString().padStart(3, "0")}Z`;
}
