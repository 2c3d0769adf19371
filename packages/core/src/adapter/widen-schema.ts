import type { TableSchema } from "../schema/index.js";

/**
 * The columns of `previous` followed by those of `next` it lacked: schemas only widen.
 * A column whose type changed is reported instead.
 */
export function widenSchema(
  previous: TableSchema | undefined,
  next: TableSchema,
): { schema: TableSchema; added: string[] } | { conflict: string } {
  const columns = [...(previous?.columns ?? [])];
  const added: string[] = [];
  for (const column of next.columns) {
    const known = columns.find((c) => c.name === column.name);
    if (known && known.type !== column.type) {
      return {
        conflict: `Column "${column.name}" of table "${next.table}" is already registered as ${known.type}, not ${column.type}`,
      };
    }
    if (!known) {
      columns.push({ name: column.name, type: column.type });
      added.push(column.name);
    }
  }
  return { schema: { table: next.table, columns }, added };
}
