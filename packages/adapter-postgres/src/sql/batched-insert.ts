import { insertBatches } from "@lakesync/core";

/** The most bind parameters one PostgreSQL statement takes (the protocol counts them in 16 bits). */
export const MAX_BIND_PARAMS = 65_535;

/**
 * Rows per statement when the parameter limit allows more: measured on PostgreSQL 15 with
 * 10,000 nine-column rows, 1,000-row statements were ~35% faster than 7,281-row ones
 * (the most 65,535 parameters hold) and as fast as a single JSON parameter.
 */
export const MAX_ROWS_PER_STATEMENT = 1000;

/** One statement with its bound parameters. */
export interface Statement {
  readonly text: string;
  readonly params: unknown[];
}

/**
 * Multi-row `INSERT ... VALUES` statements for `rows`, split so that none binds more than
 * `maxParams` parameters (nor has more than `maxRows` rows). `casts` gives each column's placeholder suffix (`"::text::int8"`),
 * `head` is the statement up to `values` and `tail` what follows the value list.
 * @example
 * insertStatements('insert into t (a, b)', ["::text", "::text::int8"], [["x", "1"]], "on conflict do nothing")
 * // → [{ text: "insert into t (a, b) values ($1::text,$2::text::int8) on conflict do nothing", params: ["x", "1"] }]
 */
export function insertStatements(
  head: string,
  casts: readonly string[],
  rows: readonly (readonly unknown[])[],
  tail = "",
  maxParams = MAX_BIND_PARAMS,
  maxRows = MAX_ROWS_PER_STATEMENT,
): Statement[] {
  const batches = insertBatches(rows, casts.length, Math.min(maxParams, MAX_BIND_PARAMS), maxRows);
  return batches.map((batch) => {
    const params: unknown[] = [];
    const tuples = batch.map((row) => {
      const slots = row.map((value, i) => {
        params.push(value);
        return `$${params.length}${casts[i]}`;
      });
      return `(${slots.join(",")})`;
    });
    return { text: `${head} values ${tuples.join(",")}${tail ? ` ${tail}` : ""}`, params };
  });
}
