import { namedAs, type RowDelta, wellFormed } from "@lakesync/core";

/** Limits on one delta's fields; larger ones are refused before anything is applied. */
export const deltaLimits = {
  idLength: 128,
  nameLength: 128,
  rowIdLength: 512,
  clientIdLength: 256,
  columns: 1000,
} as const;

const OPS = new Set(["INSERT", "UPDATE", "DELETE"]);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

// Every delta of every push is checked, and tables and columns repeat: remember good names.
const knownNames = new Set<string>();
const KNOWN_NAMES_CAP = 10_000;

function isName(value: unknown): value is string {
  if (typeof value !== "string") return false;
  if (knownNames.has(value)) return true;
  if (value.length === 0 || value.length > deltaLimits.nameLength || !NAME.test(value))
    return false;
  if (knownNames.size < KNOWN_NAMES_CAP) knownNames.add(value);
  return true;
}

/**
 * The first problem with `deltas[index]`'s fields, as a sentence naming the field, or null.
 * Runs on every delta of every push, clients' and pollers' alike, so it is hand-written.
 */
export function checkDelta(delta: RowDelta, index: number): string | null {
  // Named only in a problem: a valid delta builds no path.
  const path = () => `deltas[${index}]`;
  if (typeof delta !== "object" || delta === null) return `${path()} must be an object`;
  if (!text(delta.deltaId, deltaLimits.idLength))
    return `${path()}.deltaId must be a non-empty string of at most ${deltaLimits.idLength} characters${VALID_TEXT}`;
  if (!OPS.has(delta.op)) return `${path()}.op must be one of INSERT, UPDATE, DELETE`;
  if (!isName(delta.table))
    return `${path()}.table must be a table name (letters, digits and _, at most ${deltaLimits.nameLength})`;
  if (!text(delta.rowId, deltaLimits.rowIdLength))
    return `${path()}.rowId must be a non-empty string of at most ${deltaLimits.rowIdLength} characters${VALID_TEXT}`;
  if (delta.clientId !== knownClientId) {
    if (!text(delta.clientId, deltaLimits.clientIdLength))
      return `${path()}.clientId must be a non-empty string of at most ${deltaLimits.clientIdLength} characters${VALID_TEXT}`;
    knownClientId = delta.clientId;
  }
  if (typeof delta.hlc !== "bigint" || delta.hlc < 0n)
    return `${path()}.hlc must be an HLC timestamp`;
  if (!Array.isArray(delta.columns)) return `${path()}.columns must be an array`;
  if (delta.columns.length > deltaLimits.columns)
    return `${path()}.columns must have at most ${deltaLimits.columns} entries`;
  if (delta.op === "DELETE" && delta.columns.length > 0)
    return `${path()}.columns must be empty for a DELETE`;
  const { columns } = delta;
  const namesKnown = namedAs(columns, lastNames);
  // Few columns: compare pairwise; many: a set, so a hostile delta stays linear.
  const seen = !namesKnown && columns.length > 32 ? new Set<string>() : null;
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i];
    if (typeof c !== "object" || c === null) return `${path()}.columns[${i}] must be an object`;
    if (!namesKnown) {
      if (!isName(c.column))
        return `${path()}.columns[${i}].column must be a column name (letters, digits and _)`;
      if (seen ? seen.has(c.column) : repeats(columns, i))
        return `${path()}.columns[${i}].column repeats "${c.column}"`;
      seen?.add(c.column);
    }
    if (c.value === undefined)
      return `${path()}.columns[${i}].value is required (use null for no value)`;
    const unstorable = unstorableIn(c.value);
    if (unstorable) return `${path()}.columns[${i}].value must not contain ${unstorable}`;
  }
  if (!namesKnown) lastNames = columns.map((c) => c.column);
  return null;
}

// The deltas of a push share their clientId: the last one found valid is not checked again.
let knownClientId: string | null = null;

// The deltas of a push (a poller's rows) mostly share one list of column names: a list
// found valid is remembered, and the next delta with the very same names skips their checks.
let lastNames: readonly string[] = [];

function repeats(columns: RowDelta["columns"], i: number): boolean {
  const name = columns[i]?.column;
  for (let j = 0; j < i; j++) if (columns[j]?.column === name) return true;
  return false;
}

const VALID_TEXT = " (valid text: no NUL, no lone surrogate)";

function text(value: unknown, max: number): value is string {
  return (
    typeof value === "string" &&
    value.length > 0 &&
    value.length <= max &&
    unstorableText(value) === null
  );
}

// Databases cannot store U+0000 in text or JSON, nor a lone UTF-16 surrogate in JSON (nor
// keep one in text as sent): a delta holding one could never be flushed, and would hold up
// every delta after it. Refused at the push instead.
function unstorableIn(value: unknown): string | null {
  if (typeof value === "string") return unstorableText(value);
  if (typeof value !== "object" || value === null || value instanceof Date) return null;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = unstorableIn(item);
      if (found) return found;
    }
    return null;
  }
  for (const [key, item] of Object.entries(value)) {
    const found = unstorableText(key) ?? unstorableIn(item);
    if (found) return found;
  }
  return null;
}

function unstorableText(value: string): string | null {
  if (value.indexOf("\0") !== -1) return "the NUL character (U+0000)";
  if (!wellFormed(value)) return "a lone surrogate (text that is not valid UTF-16)";
  return null;
}
