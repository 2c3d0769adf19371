import { decodeRowState, encodeRowState, jsonText, type RowState, rowKey } from "@lakesync/core";
import { insertStatements } from "../sql/batched-insert.js";
import type { SqlClient } from "../sql-client.js";

/** A row's key within a gateway. */
export interface RowKey {
  readonly table: string;
  readonly rowId: string;
}

/** The stored states of the given rows of a gateway, in one query, keyed by {@link rowKey}. */
export async function readRowStates(
  tx: SqlClient,
  gatewayId: string,
  keys: readonly RowKey[],
): Promise<Map<string, RowState>> {
  const states = new Map<string, RowState>();
  if (keys.length === 0) return states;
  const rows = await tx.query<{ table_name: string; row_id: string; state: string }>(
    `select r.table_name, r.row_id, r.state::text as state
       from lakesync_rows r
       join (select distinct k.t, k.r
               from jsonb_to_recordset($2::text::jsonb) as k(t text, r text)) wanted
         on r.table_name = wanted.t and r.row_id = wanted.r
      where r.gateway_id = $1::text`,
    [gatewayId, jsonText(keys.map((k) => ({ t: k.table, r: k.rowId })))],
  );
  for (const row of rows) {
    states.set(
      rowKey(row.table_name, row.row_id),
      decodeRowState(row.table_name, row.row_id, row.state),
    );
  }
  return states;
}

/** Upserts merged row states of a gateway into `lakesync_rows`. */
export async function writeRowStates(
  tx: SqlClient,
  gatewayId: string,
  states: readonly RowState[],
): Promise<void> {
  const rows = states.map((s) => [gatewayId, s.table, s.rowId, encodeRowState(s)]);
  const statements = insertStatements(
    "insert into lakesync_rows (gateway_id, table_name, row_id, state)",
    ["::text", "::text", "::text", "::text::jsonb"],
    rows,
    "on conflict (gateway_id, table_name, row_id) do update set state = excluded.state",
  );
  for (const { text, params } of statements) await tx.query(text, params);
}

/** One stored row state of a gateway, or undefined. */
export async function readRowState(
  client: SqlClient,
  gatewayId: string,
  table: string,
  rowId: string,
): Promise<RowState | undefined> {
  const [row] = await client.query<{ state: string }>(
    `select state::text as state from lakesync_rows
      where gateway_id = $1::text and table_name = $2::text and row_id = $3::text`,
    [gatewayId, table, rowId],
  );
  return row ? decodeRowState(table, rowId, row.state) : undefined;
}

/** A page of stored row states of one table, ordered by row id, after `afterRowId`. */
export async function readTableStates(
  tx: SqlClient,
  gatewayId: string,
  table: string,
  afterRowId: string | null,
  limit: number,
): Promise<RowState[]> {
  const rows = await tx.query<{ row_id: string; state: string }>(
    `select row_id, state::text as state from lakesync_rows
      where gateway_id = $1::text and table_name = $2::text and ($3::text is null or row_id > $3::text)
      order by row_id
      limit $4::text::int8`,
    [gatewayId, table, afterRowId, String(limit)],
  );
  return rows.map((row) => decodeRowState(table, row.row_id, row.state));
}
