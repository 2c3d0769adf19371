/**
 * MySQL allows 64 characters; LakeSync keeps to PostgreSQL's 63 so one schema fits every
 * store a gateway may flush into.
 */
export const MAX_IDENTIFIER_LENGTH = 63;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Whether `name` is a table or column name this package accepts (letters, digits, `_`). */
export function isValidIdentifier(name: string): boolean {
  return IDENTIFIER.test(name) && name.length <= MAX_IDENTIFIER_LENGTH;
}

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
