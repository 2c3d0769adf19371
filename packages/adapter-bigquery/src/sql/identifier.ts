/** BigQuery's limit on column names; table names may be longer, but LakeSync keeps to it. */
export const MAX_IDENTIFIER_LENGTH = 300;

/**
 * `name` as a GoogleSQL quoted identifier: in backticks, with backticks and backslashes
 * escaped, so a configured name can never carry SQL.
 * @example quoteIdent("updated_at") // "`updated_at`"
 */
export function quoteIdent(name: string): string {
  if (name === "" || name.length > MAX_IDENTIFIER_LENGTH) {
    throw new TypeError(`Invalid BigQuery identifier: ${JSON.stringify(name)}`);
  }
  return `\`${name.replaceAll("\\", "\\\\").replaceAll("`", "\\`")}\``;
}
