import {
  decodeLogRow,
  type EncodedEntry,
  type HLCTimestamp,
  type LoggedDelta,
  type LogRow,
  logRowValues,
} from "@lakesync/core";
import { insertStatements } from "../sql/batched-insert.js";
import type { SqlClient } from "../sql-client.js";

/** The largest position a `bigint` column holds. */
export const MAX_POSITION = (1n << 63n) - 1n;

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
  const rows = entries.map((e) => logRowValues(gatewayId, e));
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

/** Up to `limit` logged deltas of a gateway after `since`, in position order. */
export async function readLogPage(
  client: SqlClient,
  gatewayId: string,
  since: HLCTimestamp,
  limit: number,
): Promise<LoggedDelta[]> {
  const rows = await client.query<LogRow & Record<string, unknown>>(
    `select position::text as position, delta_id, op, table_name, row_id, client_id,
            hlc::text as hlc, columns::text as columns
       from lakesync_deltas
      where gateway_id = $1::text and position > $2::text::int8
      order by lakesync_deltas.position, delta_id
      limit $3::text::int8`,
    [gatewayId, since.toString(), String(limit)],
  );
  return rows.map(decodeLogRow);
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
