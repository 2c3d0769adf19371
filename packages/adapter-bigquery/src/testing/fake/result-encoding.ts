/**
 * PostgreSQL results in BigQuery's REST shape: a `schema.fields` list with BigQuery's type
 * names and rows as `{ f: [{ v }] }` with every value as a string (or null), timestamps as
 * microseconds since the epoch (`formatOptions.useInt64Timestamp`) or float seconds.
 */

export interface SchemaField {
  readonly name: string;
  readonly type: string;
  readonly mode: "NULLABLE" | "REPEATED";
}

/** A value as PostgreSQL's text, or an array of them. */
export type FieldText = string | null | (string | null)[];

export interface EncodedRow {
  readonly f: { v: string | null | { v: string | null }[] }[];
}

/** PostgreSQL type OIDs and the BigQuery type of a column of that type. */
const TYPES: ReadonlyMap<number, string> = new Map([
  [16, "BOOLEAN"],
  [17, "BYTES"],
  [20, "INTEGER"],
  [21, "INTEGER"],
  [23, "INTEGER"],
  [26, "INTEGER"],
  [114, "JSON"],
  [3802, "JSON"],
  [700, "FLOAT"],
  [701, "FLOAT"],
  [1700, "NUMERIC"],
  [1082, "DATE"],
  [1083, "TIME"],
  [1114, "DATETIME"],
  [1184, "TIMESTAMP"],
]);

/** Array OIDs and the OID of their elements. */
const ARRAYS: ReadonlyMap<number, number> = new Map([
  [1009, 25],
  [1016, 20],
  [1007, 23],
  [1022, 701],
  [1000, 16],
  [1185, 1184],
]);

/**
 * The OIDs whose text form the fake reads as is (postgres.js would parse them). Arrays stay
 * JS arrays, of elements read the same way.
 */
export const RAW_TEXT_OIDS = [...TYPES.keys()];

export function schemaField(name: string, oid: number): SchemaField {
  const element = ARRAYS.get(oid);
  if (element !== undefined) {
    return { name, type: TYPES.get(element) ?? "STRING", mode: "REPEATED" };
  }
  return { name, type: TYPES.get(oid) ?? "STRING", mode: "NULLABLE" };
}

/** One row of PostgreSQL text values in BigQuery's `{ f: [{ v }] }` form. */
export function encodeRow(
  values: readonly FieldText[],
  fields: readonly SchemaField[],
  int64Timestamps: boolean,
): EncodedRow {
  return {
    f: values.map((text, i) => {
      const field = fields[i] as SchemaField;
      if (text === null) return { v: null };
      if (Array.isArray(text)) {
        return {
          v: text.map((item) => ({
            v: item === null ? null : encodeValue(item, field.type, int64Timestamps),
          })),
        };
      }
      return { v: encodeValue(String(text), field.type, int64Timestamps) };
    }),
  };
}

function encodeValue(text: string, type: string, int64Timestamps: boolean): string {
  switch (type) {
    case "BOOLEAN":
      return text === "t" || text === "true" ? "true" : "false";
    case "BYTES":
      return Buffer.from(text.replace(/^\\x/, ""), "hex").toString("base64");
    case "TIMESTAMP": {
      const micros = timestampMicros(text);
      if (int64Timestamps) return micros.toString();
      // BigQuery's legacy form: seconds as a float in scientific notation.
      return (Number(micros) / 1e6).toExponential().replace("e+", "E");
    }
    case "DATETIME":
      return text.replace(" ", "T");
    default:
      return text;
  }
}

/** Microseconds since the epoch of PostgreSQL's UTC `timestamptz` text, exactly. */
export function timestampMicros(text: string): bigint {
  const m =
    /^(\d{4,})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?(?:([+-])(\d\d)(?::?(\d\d))?)?/.exec(
      text,
    );
  if (!m) throw new Error(`Unreadable timestamp ${text}`);
  const [, y, mo, d, h, mi, s, frac = "", sign, oh = "0", om = "0"] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const offset = sign ? (sign === "-" ? -1 : 1) * (Number(oh) * 60 + Number(om)) * 60_000 : 0;
  return BigInt(ms - offset) * 1000n + BigInt(frac.padEnd(6, "0"));
}
