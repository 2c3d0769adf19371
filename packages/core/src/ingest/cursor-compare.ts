/** A value read from a cursor column. */
export type CursorValue = string | number | bigint | Date;

/**
 * Where a cursor stands: the cursor value of the last accepted row and its row id.
 * JSON-safe: a Date is kept as ISO text, a bigint beyond 2^53 as a decimal string.
 */
export interface CursorPosition {
  readonly value: string | number;
  readonly rowId: string;
}

/**
 * A cursor value prepared for comparison; build it once with `cursorKey` when one value
 * is compared many times (the engine does this for the stored cursor).
 */
export type CursorKey =
  | { readonly kind: 0; readonly num: number | null; readonly dec: Decimal | null }
  | { readonly kind: 1; readonly seconds: number; readonly nanos: number }
  | { readonly kind: 2; readonly text: string };

interface Decimal {
  readonly negative: boolean;
  /** Integer digits without leading zeros ("" for zero). */
  readonly int: string;
  /** Fraction digits without trailing zeros. */
  readonly frac: string;
}

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/;
// 2024-01-02, 2024-01-02 10:00, 2024-01-02T10:00:00.123456789Z, 2024-01-02 10:00:00+05:30
const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)? ?(?:(Z)|([+-])(\d{2})(?::?(\d{2}))?)?$/i;

/**
 * Prepares a cursor value for `compareCursorKeys`:
 * - numbers, bigints and decimal strings (`"42"`, `"-1.50"`, as drivers return int8 and
 *   numeric) are numbers, compared exactly;
 * - Dates and ISO-8601 / SQL timestamp strings are instants, compared to the nanosecond
 *   (a timestamp without an offset is read as UTC);
 * - any other string is text, compared by UTF-16 code units.
 * Kinds order numbers < instants < text, so mixed values still sort consistently.
 */
export function cursorKey(value: CursorValue): CursorKey {
  if (typeof value === "number") {
    return {
      kind: 0,
      num: value,
      dec: Number.isFinite(value) ? parseDecimal(String(value)) : null,
    };
  }
  if (typeof value === "bigint") {
    const dec = parseDecimal(value.toString());
    return { kind: 0, num: Number.isSafeInteger(Number(value)) ? Number(value) : null, dec };
  }
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) return { kind: 2, text: "Invalid Date" };
    const seconds = Math.floor(ms / 1000);
    return { kind: 1, seconds, nanos: (ms - seconds * 1000) * 1_000_000 };
  }
  const dec = parseDecimal(value);
  if (dec) {
    const exact = dec.frac === "" && dec.int.length <= 15;
    return { kind: 0, num: exact ? Number(value) : null, dec };
  }
  return parseTimestamp(value) ?? { kind: 2, text: value };
}

/** Orders two prepared cursor values: negative, zero or positive. */
export function compareCursorKeys(a: CursorKey, b: CursorKey): number {
  if (a.kind !== b.kind) return a.kind - b.kind;
  if (a.kind === 0 && b.kind === 0) {
    if (a.num !== null && b.num !== null) return compareNumbers(a.num, b.num);
    if (a.dec && b.dec) return compareDecimals(a.dec, b.dec);
    // Only non-finite numbers get here.
    return compareNumbers(a.num ?? decimalToNumber(a.dec), b.num ?? decimalToNumber(b.dec));
  }
  if (a.kind === 1 && b.kind === 1) {
    return a.seconds !== b.seconds ? a.seconds - b.seconds : a.nanos - b.nanos;
  }
  if (a.kind === 2 && b.kind === 2) return a.text < b.text ? -1 : a.text > b.text ? 1 : 0;
  return 0;
}

/**
 * Orders two cursor values (see `cursorKey` for the rules).
 * @example
 * compareCursorValues("2024-01-02 10:00:00.000002+00", "2024-01-02T10:00:00.000001Z"); // > 0
 * compareCursorValues("9", "10"); // < 0: decimal strings compare as numbers
 * compareCursorValues(10n, 9.5); // > 0
 */
export function compareCursorValues(a: CursorValue, b: CursorValue): number {
  return compareCursorKeys(cursorKey(a), cursorKey(b));
}

/**
 * Orders two row ids: as integers when both are integer strings (`"9" < "10"`), else as
 * strings; integer strings that are numerically equal (`"7"`, `"007"`) fall back to text.
 */
export function compareRowIds(a: string, b: string): number {
  if (a === b) return 0;
  const da = INTEGER.test(a) ? parseDecimal(a) : null;
  const db = da && INTEGER.test(b) ? parseDecimal(b) : null;
  if (da && db) {
    const byValue = compareDecimals(da, db);
    if (byValue !== 0) return byValue;
  }
  return a < b ? -1 : 1;
}

/**
 * Orders two cursor positions by cursor value, then row id: the total order that lets a
 * cursor resume between rows sharing one cursor value.
 * @example
 * compareCursorPositions({ value: 5, rowId: "2" }, { value: 5, rowId: "10" }); // < 0
 */
export function compareCursorPositions(a: CursorPosition, b: CursorPosition): number {
  return compareCursorValues(a.value, b.value) || compareRowIds(a.rowId, b.rowId);
}

const INTEGER = /^[+-]?\d+$/;

function compareNumbers(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  // NaN sorts after every number, and equal to itself.
  return Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : -1;
}

function parseDecimal(text: string): Decimal | null {
  const m = DECIMAL.exec(text);
  if (!m) return null;
  const int = (m[2] ?? "").replace(/^0+/, "");
  const frac = (m[3] ?? "").replace(/0+$/, "");
  return { negative: m[1] === "-" && (int !== "" || frac !== ""), int, frac };
}

function compareDecimals(a: Decimal, b: Decimal): number {
  if (a.negative !== b.negative) return a.negative ? -1 : 1;
  const sign = a.negative ? -1 : 1;
  if (a.int.length !== b.int.length) return sign * (a.int.length - b.int.length);
  if (a.int !== b.int) return sign * (a.int < b.int ? -1 : 1);
  if (a.frac !== b.frac) return sign * (a.frac < b.frac ? -1 : 1);
  return 0;
}

function decimalToNumber(dec: Decimal | null): number {
  if (!dec) return Number.NaN;
  return Number(`${dec.negative ? "-" : ""}${dec.int || "0"}.${dec.frac || "0"}`);
}

function parseTimestamp(text: string): CursorKey | null {
  const m = TIMESTAMP.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4] ?? 0);
  const minute = Number(m[5] ?? 0);
  const second = Number(m[6] ?? 0);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60) {
    return null;
  }
  let offsetSeconds = 0;
  if (m[9]) {
    const sign = m[9] === "-" ? -1 : 1;
    offsetSeconds = sign * (Number(m[10]) * 3600 + Number(m[11] ?? 0) * 60);
  }
  const seconds =
    daysFromCivil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds;
  const nanos = m[7] ? Number(m[7].padEnd(9, "0")) : 0;
  return { kind: 1, seconds, nanos };
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil);
// unlike Date.UTC it takes years 0-99 literally.
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}
