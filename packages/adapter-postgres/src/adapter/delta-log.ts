import type { DeltaOp, HLCTimestamp, LoggedDelta, RowDelta } from "@lakesync/core";
import { insertStatements } from "../sql/batched-insert.js";
import { jsonText } from "../sql/json-text.js";
import type { SqlClient } from "../sql-client.js";

/** The largest position a `bigint` column holds. */
export const MAX_POSITION = (1n << 63n) - 1n;

/** A logged delta with its columns as they are stored (JSON text) and as merged. */
export interface EncodedEntry {
  readonly entry: LoggedDelta;
  readonly columnsText: string;
  /** The delta with its column values as stored (bigint → string, Date → ISO string). */
  readonly stored: RowDelta;
}

/** Encodes a logged delta once, for the log row and for the merge. */
export function encodeEntry(entry: LoggedDelta): EncodedEntry {
  const columns = entry.delta.columns.map((c) => ({ column: c.column, value: c.value ?? null }));
  const columnsText = jsonText(columns);
  const stored = { ...entry.delta, columns: JSON.parse(columnsText) as RowDelta["columns"] };
  return { entry, columnsText, stored };
}

const LOG_COLUMNS = [
  ["gateway_id", "::text"],
  ["position", "::text::int8"],
  ["delta_id", "::text"],
  ["op", "::text"],
  ["table_name", "::text"],
  ["row_id", "::text"],
  ["client_id", "::text"],
  ["hlc", "::text::int8"],
  ["columns", "::text::jsonb"],
] as const;

/**
 * Appends entries to `lakesync_deltas` in multi-row inserts (each within the bind-parameter
 * limit); a deltaId already logged for the gateway is skipped. Returns the ids newly written.
 */
export async function appendToLog(
  tx: SqlClient,
  gatewayId: string,
  entries: readonly EncodedEntry[],
): Promise<Set<string>> {
  const rows = entries.map(({ entry, columnsText }) => {
    const d = entry.delta;
    return [
      gatewayId,
      entry.position.toString(),
      d.deltaId,
      d.op,
      d.table,
      d.rowId,
      d.clientId,
      d.hlc.toString(),
      columnsText,
    ];
  });
  const head = `insert into lakesync_deltas (${LOG_COLUMNS.map(([name]) => name).join(", ")})`;
  const casts = LOG_COLUMNS.map(([, cast]) => cast);
  const written = new Set<string>();
  for (const { text, params } of insertStatements(
    head,
    casts,
    rows,
    "on conflict do nothing returning delta_id",
  )) {
    for (const row of await tx.query<{ delta_id: string }>(text, params)) written.add(row.delta_id);
  }
  return written;
}

interface LogRow extends Record<string, unknown> {
  position: string;
  delta_id: string;
  op: string;
  table_name: string;
  row_id: string;
  client_id: string;
  hlc: string;
  columns: string;
}

/** Up to `limit` logged deltas of a gateway after `since`, in position order. */
export async function readLogPage(
  client: SqlClient,
  gatewayId: string,
  since: HLCTimestamp,
  limit: number,
): Promise<LoggedDelta[]> {
  const rows = await client.query<LogRow>(
    `select position::text as position, delta_id, op, table_name, row_id, client_id,
            hlc::text as hlc, columns::text as columns
       from lakesync_deltas
      where gateway_id = $1::text and position > $2::text::int8
      order by position, delta_id
      limit $3::text::int8`,
    [gatewayId, since.toString(), String(limit)],
  );
  return rows.map((row) => ({
    position: BigInt(row.position),
    delta: {
      deltaId: row.delta_id,
      op: row.op as DeltaOp,
      table: row.table_name,
      rowId: row.row_id,
      clientId: row.client_id,
      hlc: BigInt(row.hlc),
      columns: JSON.parse(row.columns) as RowDelta["columns"],
    },
  }));
}

/** The highest position logged for a gateway, or 0n. */
export async function lastLoggedPosition(
  client: SqlClient,
  gatewayId: string,
): Promise<HLCTimestamp> {
  const [row] = await client.query<{ position: string | null }>(
    "select max(position)::text as position from lakesync_deltas where gateway_id = $1::text",
    [gatewayId],
  );
  return row?.position ? BigInt(row.position) : 0n;
}
