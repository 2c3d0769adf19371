import { isValidIdentifier } from "@lakesync/core";

/**
 * `name` as a backquoted SQL identifier (MySQL and MariaDB, whatever `ANSI_QUOTES`). Only
 * validated names are accepted, so a name can never carry SQL; anything else throws.
 * @example quoteIdent("Todos") // "`Todos`"
 */
export function quoteIdent(name: string): string {
  if (!isValidIdentifier(name))
    throw new TypeError(`Invalid SQL identifier: ${JSON.stringify(name)}`);
  return `\`${name}\``;
}
