import { insertBatches } from "@lakesync/core";

/** The most bind parameters one PostgreSQL statement takes (the protocol counts them in 16 bits). */
export const MAX_BIND_PARAMS = 65_535;

/** Rows per statement: bounds the size of each statement's one JSON parameter. */
export const MAX_ROWS_PER_STATEMENT = 1000;

/** One statement with its bound parameters. */
export interface Statement {
  readonly text: string;
  readonly params: unknown[];
}

/**
 * Multi-row inserts for `rows`, at most `maxRows` rows a statement, each statement binding
 * ONE parameter: its rows as a JSON array of arrays, unpacked by `jsonb_array_elements` and
 * cast per column (`casts`, applied to each value's text, as `"::text::int8"`). A value is a
 * string, a number, a boolean or null (null stays NULL). The server parses one parameter and
 * a short statement that is the same whatever the row count, where a `VALUES` list has a
 * placeholder per value to parse on every statement (postgres.js does not prepare them, and
 * preparing them would keep a large plan per row count on every connection).
 * `bench/store-write.ts` prints what a flush writes a second. `head` is the statement up to
 * its rows, `tail` what follows them.
 * @example
 * insertStatements('insert into t (a, b)', ["::text", "::text::int8"], [["x", "1"]], "on conflict do nothing")
 * // → [{ text: "insert into t (a, b) select (r->>0)::text, (r->>1)::text::int8 from jsonb_array_elements($1::text::jsonb) as r on conflict do nothing", params: ['[["x","1"]]'] }]
 */
export function insertStatements(
  head: string,
  casts: readonly string[],
  rows: readonly (readonly unknown[])[],
  tail = "",
  maxRows = MAX_ROWS_PER_STATEMENT,
): Statement[] {
  const batches = insertBatches(rows, casts.length, MAX_BIND_PARAMS, maxRows);
  if (batches.length === 0) return [];
  const values = casts.map((cast, i) => `(r->>${i})${cast}`).join(", ");
  const text = `${head} select ${values} from jsonb_array_elements($1::text::jsonb) as r${tail ? ` ${tail}` : ""}`;
  return batches.map((batch) => ({ text, params: [JSON.stringify(batch)] }));
}
