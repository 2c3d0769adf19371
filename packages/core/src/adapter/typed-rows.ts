import { type RowState, rowValues } from "../delta/index.js";
import type { ColumnType, TableSchema } from "../schema/index.js";

/**
 * What a write of merged rows does to their typed table: the parameters of each live row
 * (`gatewayId`, row id, then each schema column through `param`) to upsert, and the ids of
 * deleted rows to delete.
 * @example typedRowChanges("gw", schema, states, typedParam) // { upserts: [["gw", "r1", "a"]], deletes: ["r2"] }
 */
export function typedRowChanges<P>(
  gatewayId: string,
  schema: TableSchema,
  states: readonly RowState[],
  param: (value: unknown, type: ColumnType) => P,
): { upserts: (string | P)[][]; deletes: string[] } {
  const upserts: (string | P)[][] = [];
  const deletes: string[] = [];
  for (const state of states) {
    const values = rowValues(state);
    if (values === null) {
      deletes.push(state.rowId);
      continue;
    }
    upserts.push([
      gatewayId,
      state.rowId,
      ...schema.columns.map((c) => param(values[c.name], c.type)),
    ]);
  }
  return { upserts, deletes };
}

/** The states of tables that have a schema, grouped by that schema (tables without one are left out). */
export function statesBySchema(
  states: readonly RowState[],
  schemas: ReadonlyMap<string, TableSchema>,
): Map<TableSchema, RowState[]> {
  const byTable = new Map<TableSchema, RowState[]>();
  for (const state of states) {
    const schema = schemas.get(state.table);
    if (!schema) continue;
    const list = byTable.get(schema) ?? [];
    list.push(state);
    byTable.set(schema, list);
  }
  return byTable;
}

/**
 * Runs `write` on every stored row state of a table, a page of `pageSize` at a time: `read`
 * answers the states after a row id (null: from the start), in row id order.
 */
export async function forEachStatePage(
  read: (afterRowId: string | null, limit: number) => Promise<RowState[]>,
  write: (page: RowState[]) => Promise<void>,
  pageSize = 1000,
): Promise<void> {
  let after: string | null = null;
  for (;;) {
    const page = await read(after, pageSize);
    if (page.length === 0) return;
    await write(page);
    if (page.length < pageSize) return;
    after = page[page.length - 1]?.rowId ?? null;
  }
}
