import { isValidIdentifier } from "@lakesync/core";

/**
 * `name` as a quoted SQL identifier (case kept). Only validated names are accepted, so a
 * name can never carry SQL; anything else is a bug in the caller and throws.
 * @example quoteIdent("Todos") // '"Todos"'
 */
export function quoteIdent(name: string): string {
  if (!isValidIdentifier(name))
    throw new TypeError(`Invalid SQL identifier: ${JSON.stringify(name)}`);
  return `"${name}"`;
}
