import { type TableSchema, validateTableSchema } from "../schema/index.js";

/** The prefix of the names of LakeSync's own tables in a database. */
export const RESERVED_TABLE_PREFIX = "lakesync_";

/** The columns every typed table starts with; schema columns may not use these names. */
export const TYPED_TABLE_KEY_COLUMNS: readonly string[] = ["gateway_id", "row_id"];

/**
 * The longest table or column name of a typed table: PostgreSQL's 63 (it truncates longer
 * names silently, which would make two names collide), kept by every SQL store so one schema
 * fits every store a gateway may flush into.
 */
export const MAX_IDENTIFIER_LENGTH = 63;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Whether `name` is a table or column name SQL stores accept unquoted (letters, digits, `_`, at most 63). */
export function isValidIdentifier(name: string): boolean {
  return IDENTIFIER.test(name) && name.length <= MAX_IDENTIFIER_LENGTH;
}

/**
 * Why a schema cannot get a typed table, or null when it can: an invalid schema, a name
 * `nameProblem` refuses (the store's own limits), a table name with LakeSync's reserved
 * prefix, or a column named like a key column.
 * @example typedTableSchemaProblem({ table: "lakesync_x", columns }) // 'Table names starting with "lakesync_" are reserved for LakeSync'
 */
export function typedTableSchemaProblem(
  schema: TableSchema,
  nameProblem: (name: string) => string | null = () => null,
): string | null {
  const valid = validateTableSchema(schema);
  if (!valid.ok) return `Invalid table schema: ${valid.error.message}`;
  for (const name of [schema.table, ...schema.columns.map((c) => c.name)]) {
    const problem = nameProblem(name);
    if (problem !== null) return problem;
  }
  if (schema.table.toLowerCase().startsWith(RESERVED_TABLE_PREFIX)) {
    return `Table names starting with "${RESERVED_TABLE_PREFIX}" are reserved for LakeSync`;
  }
  const reserved = schema.columns.find((c) => TYPED_TABLE_KEY_COLUMNS.includes(c.name));
  if (reserved) {
    return `Column name "${reserved.name}" is reserved (typed tables key rows by gateway_id and row_id)`;
  }
  return null;
}
