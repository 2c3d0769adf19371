import { stableStringify } from "../hash/index.js";

/** Deep equality of column values (JSON objects, arrays, dates, bigints included). */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") {
    // 1n and "1" must differ, but undefined and null are both "no value".
    if ((a === undefined || a === null) && (b === undefined || b === null)) return true;
    return false;
  }
  return stableStringify(a) === stableStringify(b);
}
