import { type ColumnType, typedParam as canonicalParam } from "@lakesync/core";

/**
 * The column type of each schema column type, the same on MySQL 8 and MariaDB. Strings are
 * MEDIUMTEXT (16 MB, and distinct from JSON, which MariaDB stores as LONGTEXT); timestamps
 * DATETIME(6) in UTC (TIMESTAMP would stop at 2038).
 */
export const MYSQL_TYPES: Readonly<Record<ColumnType, string>> = {
  string: "MEDIUMTEXT",
  number: "DOUBLE",
  boolean: "BOOLEAN",
  json: "JSON",
  timestamp: "DATETIME(6)",
};

/**
 * How `information_schema.COLUMNS.COLUMN_TYPE` names each type: MariaDB reports its JSON
 * alias as `longtext`, MySQL 8 as `json`; BOOLEAN is `tinyint(1)` on both.
 */
export const MYSQL_COLUMN_TYPES: Readonly<Record<ColumnType, readonly string[]>> = {
  string: ["mediumtext"],
  number: ["double"],
  boolean: ["tinyint(1)"],
  json: ["json", "longtext"],
  timestamp: ["datetime(6)"],
};

const ISO_LIKE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(?:(Z)|([+-])(\d{2})(?::?(\d{2}))?)?$/i;

/**
 * A row value as the parameter of a typed column, or null: core's canonical text
 * (`typedParam` of @lakesync/core), adapted to MySQL where it differs. Values that cannot be
 * the column's type become null rather than failing the write: the delta log and the merged
 * row keep the original value either way.
 * - string: strings as they are; numbers, booleans and bigints as text; objects as JSON.
 * - number: finite numbers, numeric strings, bigints (NaN and ±Infinity: MySQL has none).
 * - boolean: booleans, `"true"/"false"/"t"/"f"/"1"/"0"`, 1 and 0, as 1 or 0.
 * - json: any value as JSON text.
 * - timestamp: ISO 8601 strings (microseconds kept), epoch milliseconds and Dates, as UTC
 *   `YYYY-MM-DD HH:MM:SS.ffffff` (MariaDB takes no offset in a DATETIME literal).
 */
export function typedParam(value: unknown, type: ColumnType): string | number | null {
  switch (type) {
    case "number": {
      // The canonical text, without what a DOUBLE cannot hold (NaN, ±Infinity, huge bigints).
      const text = canonicalParam(value, type);
      return text !== null && Number.isFinite(Number(text)) ? text : null;
    }
    case "boolean": {
      const text = canonicalParam(value, type);
      return text === null ? null : text === "true" ? 1 : 0;
    }
    case "timestamp":
      return mysqlTimestamp(value);
    default:
      return canonicalParam(value, type);
  }
}

/** DATETIME's range. */
const MIN_YEAR = 1000;
const MAX_YEAR = 9999;

/**
 * A timestamp as UTC `YYYY-MM-DD HH:MM:SS.ffffff`, microseconds kept, or null when it is
 * not one (or is outside DATETIME's years 1000–9999).
 * @example mysqlTimestamp("2024-05-01T12:20:30.123456+02:00") // "2024-05-01 10:20:30.123456"
 */
export function mysqlTimestamp(value: unknown): string | null {
  if (value instanceof Date) return fromEpochMs(value.getTime(), 0);
  if (typeof value === "number") return Number.isFinite(value) ? fromEpochMs(value, 0) : null;
  if (typeof value !== "string") return null;
  const m = ISO_LIKE.exec(value.trim());
  if (!m) return null;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = m
    .slice(1, 7)
    .map((part) => Number(part ?? 0));
  // Date.UTC rolls an impossible day over (Feb 30 → Mar 2), where a database would fail.
  const date = new Date(Date.UTC(year, month - 1, day));
  date.setUTCFullYear(year);
  const validDate = date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  if (!validDate || hour > 23 || minute > 59 || second > 59) return null;
  const fraction = (m[7] ?? "").padEnd(6, "0").slice(0, 6);
  const offsetMinutes = m[9]
    ? (m[9] === "-" ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11] ?? 0))
    : 0;
  const ms =
    date.getTime() +
    ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 +
    Number(fraction.slice(0, 3));
  return fromEpochMs(ms, Number(fraction.slice(3)));
}

function fromEpochMs(ms: number, extraMicros: number): string | null {
  const date = new Date(Math.floor(ms));
  if (Number.isNaN(date.getTime())) return null;
  const year = date.getUTCFullYear();
  if (year < MIN_YEAR || year > MAX_YEAR) return null;
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  const micros = date.getUTCMilliseconds() * 1000 + extraMicros;
  return `${pad(year, 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(
    date.getUTCHours(),
  )}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}.${pad(micros, 6)}`;
}
