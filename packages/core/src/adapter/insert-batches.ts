/**
 * Rows split into the batches of multi-row `INSERT ... VALUES` statements: none binds more
 * than `maxParams` values nor has more than `maxRows` rows. Every row must have `width`
 * values; a wrong row, or a row wider than `maxParams`, throws a RangeError.
 * @example insertBatches([["a", 1], ["b", 2], ["c", 3]], 2, 4, 1000) // [[["a", 1], ["b", 2]], [["c", 3]]]
 */
export function insertBatches<R extends readonly unknown[]>(
  rows: readonly R[],
  width: number,
  maxParams: number,
  maxRows: number,
): R[][] {
  if (width === 0 || width > maxParams) {
    throw new RangeError(`Cannot insert ${width} columns per row`);
  }
  const wrong = rows.find((row) => row.length !== width);
  if (wrong) throw new RangeError(`Row has ${wrong.length} values, expected ${width}`);
  const perBatch = Math.max(1, Math.min(maxRows, Math.floor(maxParams / width)));
  const batches: R[][] = [];
  for (let start = 0; start < rows.length; start += perBatch) {
    batches.push(rows.slice(start, start + perBatch));
  }
  return batches;
}
