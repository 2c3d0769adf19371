import {
  decodeLogRow,
  type EncodedEntry,
  encodeEntry,
  type HLCTimestamp,
  type LoggedDelta,
  type LogRow,
  logRowValues,
} from "@lakesync/core";
import { chunks, insertStatements, placeholders } from "../sql/batched-insert.js";
import type { MySqlClient } from "../sql-client.js";

/** The largest position a `BIGINT` column holds. */
export const MAX_POSITION = (1n << 63n) - 1n;

/**
 * Encodes a logged delta once, for the log row and for the merge ({@link encodeEntry}). A
 * position or HLC outside a signed 64-bit integer is refused here (MySQL would reject it
 * too, in strict mode only).
 */
export function encodeEntryInRange(entry: LoggedDelta): EncodedEntry {
  for (const [name, value] of [
    ["position", entry.position],
    ["hlc", entry.delta.hlc],
  ] as const) {
    if (typeof value !== "bigint" || value < 0n || value > MAX_POSITION) {
      throw new RangeError(`Delta ${entry.delta.deltaId}: ${name} is not a 63-bit integer`);
    }
  }
  return encodeEntry(entry);
}

/** Log columns and their placeholders (64-bit integers travel as text, cast exactly). */
const LOG_COLUMNS = [
  ["gateway_id", "?"],
  ["`position`", "CAST(? AS SIGNED)"],
  ["delta_id", "?"],
  ["op", "?"],
  ["table_name", "?"],
  ["row_id", "?"],
  ["client_id", "?"],
  ["hlc", "CAST(? AS SIGNED)"],
  ["`columns`", "?"],
] as const;

/**
 * Appends entries to `lakesync_deltas` in multi-row inserts (each within the placeholder
 * limit) and returns the ids newly written. A deltaId already logged for the gateway is
 * skipped. Run it holding the gateway lock: the ids already there are read first (MySQL's
 * `INSERT IGNORE` does not say which rows it skipped), and the insert ignores them anyway.
 */
export async function appendToLog(
  tx: MySqlClient,
  gatewayId: string,
  entries: readonly EncodedEntry[],
): Promise<Set<string>> {
  const existing = new Set<string>();
  for (const ids of chunks(entries.map((e) => e.entry.delta.deltaId))) {
    const rows = await tx.query<{ delta_id: string }>(
      `SELECT delta_id FROM lakesync_deltas WHERE gateway_id = ? AND delta_id IN (${placeholders(ids.length)})`,
      [gatewayId, ...ids],
    );
    for (const row of rows) existing.add(row.delta_id);
  }
  const fresh = entries.filter((e) => !existing.has(e.entry.delta.deltaId));
  const rows = fresh.map((e) => logRowValues(gatewayId, e));
  const head = `INSERT IGNORE INTO lakesync_deltas (${LOG_COLUMNS.map(([name]) => name).join(", ")})`;
  for (const { text, params } of insertStatements(
    head,
    LOG_COLUMNS.map(([, slot]) => slot),
    rows,
  )) {
    await tx.query(text, params);
  }
  return new Set(fresh.map((e) => e.entry.delta.deltaId));
}

/** Up to `limit` logged deltas of a gateway after `since`, in position order. */
export async function readLogPage(
  client: MySqlClient,
  gatewayId: string,
  since: HLCTimestamp,
  limit: number,
): Promise<LoggedDelta[]> {
  const rows = await client.query<LogRow & Record<string, unknown>>(
    `SELECT \`position\`, delta_id, op, table_name, row_id, client_id, hlc, \`columns\`
       FROM lakesync_deltas
      WHERE gateway_id = ? AND \`position\` > CAST(? AS SIGNED)
      ORDER BY \`position\`, delta_id
      LIMIT ?`,
    [gatewayId, since.toString(), String(limit)],
  );
  return rows.map(decodeLogRow);
}

/** The highest position logged for a gateway, or 0n. */
export async function lastLoggedPosition(
  client: MySqlClient,
  gatewayId: string,
): Promise<HLCTimestamp> {
  const [row] = await client.query<{ position: string | number | null }>(
    "SELECT MAX(`position`) AS `position` FROM lakesync_deltas WHERE gateway_id = ?",
    [gatewayId],
  );
  return row?.position !== null && row?.position !== undefined ? BigInt(row.position) : 0n;
}
