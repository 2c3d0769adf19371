import { valuesEqual } from "../delta/values-equal.js";

type Numeric = number | bigint;

const NUMERIC = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;
const ISO_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/**
 * Orders two column values, or returns undefined when they do not compare.
 * - a number (or bigint) and a number, or a string that reads as a finite number: numerically;
 * - two ISO-8601 timestamps (strings or Dates): as instants (no offset means UTC);
 * - two other strings: by UTF-16 code units (locale-free, the same in every runtime);
 * - anything else (null, booleans, objects, mixed kinds): undefined.
 * @example compareValues("10", 9) // 1
 * @example compareValues("2024-01-01T00:00:00+01:00", "2023-12-31T23:30:00Z") // -1
 */
export function compareValues(a: unknown, b: unknown): number | undefined {
  const na = asNumeric(a, b);
  const nb = asNumeric(b, a);
  if (na !== undefined && nb !== undefined) return order(na, nb);
  const ta = asInstant(a);
  const tb = asInstant(b);
  if (ta !== undefined && tb !== undefined) return order(ta, tb);
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  return undefined;
}

/**
 * Equality as filters see it: null and undefined equal each other and nothing else; values
 * that compare (see {@link compareValues}) are equal when they compare as 0, so `5` equals
 * `"5"` and `"5.0"`, but two strings `"05"` and `"5"` differ; other values are equal when
 * deeply equal (booleans, JSON objects).
 * @example looseEquals(5, "5") // true
 */
export function looseEquals(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined || b === null || b === undefined) {
    return (a === null || a === undefined) && (b === null || b === undefined);
  }
  const c = compareValues(a, b);
  if (c !== undefined) return c === 0;
  return valuesEqual(a, b);
}

/**
 * Milliseconds since the epoch of an ISO-8601 date or date-time (`2024-01-15`,
 * `2024-01-15T10:30:00.123456+0000`, `2024-01-15 10:30:00+00`), or undefined. Fractions
 * finer than a millisecond are kept as a fractional part, so microseconds still order.
 */
export function parseTimestamp(text: string): number | undefined {
  const m = ISO_TIMESTAMP.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h = "0", mi = "0", s = "0", frac = "", zone = "Z"] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1) return undefined;
  if (date.getUTCDate() !== day) return undefined;
  date.setUTCHours(hour, minute, second, 0);
  const offset = zoneOffsetMinutes(zone);
  if (offset === undefined) return undefined;
  const fraction = frac === "" ? 0 : Number(`0.${frac}`) * 1000;
  return date.getTime() - offset * 60_000 + fraction;
}

function zoneOffsetMinutes(zone: string): number | undefined {
  if (zone === "Z" || zone === "z") return 0;
  const sign = zone.startsWith("-") ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 23 || minutes > 59) return undefined;
  return sign * (hours * 60 + minutes);
}

/** A number for numeric comparison: numbers as they are; a numeric string beside a number. */
function asNumeric(value: unknown, other: unknown): Numeric | undefined {
  if (typeof value === "number" || typeof value === "bigint") return value;
  if (typeof value !== "string" || (typeof other !== "number" && typeof other !== "bigint")) {
    return undefined;
  }
  if (!NUMERIC.test(value)) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

function asInstant(value: unknown): number | undefined {
  if (value instanceof Date) {
    const t = value.getTime();
    return Number.isNaN(t) ? undefined : t;
  }
  return typeof value === "string" ? parseTimestamp(value) : undefined;
}

function order(a: Numeric, b: Numeric): number | undefined {
  if (a < b) return -1;
  if (a > b) return 1;
  const nan = (v: Numeric) => typeof v === "number" && Number.isNaN(v);
  return nan(a) || nan(b) ? undefined : 0;
}
