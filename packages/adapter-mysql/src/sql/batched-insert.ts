import { insertBatches } from "@lakesync/core";

/** The most placeholders one prepared MySQL / MariaDB statement takes (a 16-bit count). */
export const MAX_BIND_PARAMS = 65_535;

/** Rows per statement when the parameter limit allows more. */
export const MAX_ROWS_PER_STATEMENT = 1000;

/** One statement with its bound parameters. */
export interface Statement {
  readonly text: string;
  readonly params: unknown[];
}

/**
 * Multi-row `INSERT ... VALUES` statements for `rows`, split so that none binds more than
 * `maxParams` parameters (nor has more than `maxRows` rows). `slots` gives each column's
 * placeholder expression (`"?"`, `"CAST(? AS SIGNED)"`), `head` is the statement up to
 * `VALUES` and `tail` what follows the value list.
 * @example
 * insertStatements("INSERT INTO t (a, b)", ["?", "CAST(? AS SIGNED)"], [["x", "1"]])
 * // → [{ text: "INSERT INTO t (a, b) VALUES (?,CAST(? AS SIGNED))", params: ["x", "1"] }]
 */
export function insertStatements(
  head: string,
  slots: readonly string[],
  rows: readonly (readonly unknown[])[],
  tail = "",
  maxParams = MAX_BIND_PARAMS,
  maxRows = MAX_ROWS_PER_STATEMENT,
): Statement[] {
  const batches = insertBatches(rows, slots.length, Math.min(maxParams, MAX_BIND_PARAMS), maxRows);
  const tuple = `(${slots.join(",")})`;
  return batches.map((batch) => ({
    text: `${head} VALUES ${Array(batch.length).fill(tuple).join(",")}${tail ? ` ${tail}` : ""}`,
    params: batch.flat(),
  }));
}

/** `values` in chunks of at most `size` (for `IN (?, ...)` lists under the parameter limit). */
export function chunks<T>(values: readonly T[], size = MAX_ROWS_PER_STATEMENT): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}

/** `n` comma-separated placeholders. */
export function placeholders(n: number): string {
  return Array(n).fill("?").join(",");
}
