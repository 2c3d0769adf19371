import { decodeRowState, encodeRowState, type RowState, rowKey } from "@lakesync/core";
import { chunks, insertStatements, placeholders } from "../sql/batched-insert.js";
import type { MySqlClient } from "../sql-client.js";

/** A row's key within a gateway. */
export interface RowKey {
  readonly table: string;
  readonly rowId: string;
}

/**
 * The stored states of the given rows of a gateway, keyed by {@link rowKey}: one
 * `table_name = ? AND row_id IN (...)` query per table and chunk, which MySQL and MariaDB
 * both answer from the primary key (a row-value `IN` is not range-scanned by MariaDB).
 */
export async function readRowStates(
  tx: MySqlClient,
  gatewayId: string,
  keys: readonly RowKey[],
): Promise<Map<string, RowState>> {
  const states = new Map<string, RowState>();
  const byTable = new Map<string, Set<string>>();
  for (const { table, rowId } of keys) {
    const ids = byTable.get(table) ?? new Set<string>();
    ids.add(rowId);
    byTable.set(table, ids);
  }
  for (const [table, ids] of byTable) {
    for (const chunk of chunks([...ids])) {
      const rows = await tx.query<{ row_id: string; state: string }>(
        `SELECT row_id, state FROM lakesync_rows
          WHERE gateway_id = ? AND table_name = ? AND row_id IN (${placeholders(chunk.length)})`,
        [gatewayId, table, ...chunk],
      );
      for (const row of rows) {
        states.set(rowKey(table, row.row_id), decodeRowState(table, row.row_id, row.state));
      }
    }
  }
  return states;
}

/** Upserts merged row states of a gateway into `lakesync_rows`. */
export async function writeRowStates(
  tx: MySqlClient,
  gatewayId: string,
  states: readonly RowState[],
): Promise<void> {
  const rows = states.map((s) => [gatewayId, s.table, s.rowId, encodeRowState(s)]);
  const statements = insertStatements(
    "INSERT INTO lakesync_rows (gateway_id, table_name, row_id, state)",
    ["?", "?", "?", "?"],
    rows,
    "ON DUPLICATE KEY UPDATE state = VALUES(state)",
  );
  for (const { text, params } of statements) await tx.query(text, params);
}

/** One stored row state of a gateway, or undefined. */
export async function readRowState(
  client: MySqlClient,
  gatewayId: string,
  table: string,
  rowId: string,
): Promise<RowState | undefined> {
  const [row] = await client.query<{ state: string }>(
    "SELECT state FROM lakesync_rows WHERE gateway_id = ? AND table_name = ? AND row_id = ?",
    [gatewayId, table, rowId],
  );
  return row ? decodeRowState(table, rowId, row.state) : undefined;
}

/** A page of stored row states of one table, ordered by row id, after `afterRowId`. */
export async function readTableStates(
  tx: MySqlClient,
  gatewayId: string,
  table: string,
  afterRowId: string | null,
  limit: number,
): Promise<RowState[]> {
  const rows = await tx.query<{ row_id: string; state: string }>(
    afterRowId === null
      ? `SELECT row_id, state FROM lakesync_rows
          WHERE gateway_id = ? AND table_name = ? ORDER BY row_id LIMIT ?`
      : `SELECT row_id, state FROM lakesync_rows
          WHERE gateway_id = ? AND table_name = ? AND row_id > ? ORDER BY row_id LIMIT ?`,
    afterRowId === null
      ? [gatewayId, table, String(limit)]
      : [gatewayId, table, afterRowId, String(limit)],
  );
  return rows.map((row) => decodeRowState(table, row.row_id, row.state));
}
