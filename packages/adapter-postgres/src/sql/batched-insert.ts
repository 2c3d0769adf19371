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
  const width = casts.length;
  if (width === 0 || width > maxParams)
    throw new RangeError(`Cannot insert ${width} columns per row`);
  const perStatement = Math.max(
    1,
    Math.min(maxRows, Math.floor(Math.min(maxParams, MAX_BIND_PARAMS) / width)),
  );
  const statements: Statement[] = [];
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const params: unknown[] = [];
    const tuples: string[] = [];
    for (const row of chunk) {
      if (row.length !== width)
        throw new RangeError(`Row has ${row.length} values, expected ${width}`);
      const slots: string[] = [];
      for (let i = 0; i < width; i++) {
        params.push(row[i]);
        slots.push(`$${params.length}${casts[i]}`);
      }
      tuples.push(`(${slots.join(",")})`);
    }
    statements.push({
      text: `${head} values ${tuples.join(",")}${tail ? ` ${tail}` : ""}`,
      params,
    });
  }
  return statements;
}
