import type { RowDelta } from "@lakesync/core";
import type { SyncGateway } from "../engine/sync-gateway.js";

/** Every delta the gateway holds after `since` (all pages, no sync rules), and the HLC to read on from. */
export async function pullAll(
  gateway: SyncGateway,
  since = 0n,
): Promise<{ deltas: RowDelta[]; hlc: bigint }> {
  const deltas: RowDelta[] = [];
  let cursor = since;
  for (;;) {
    const page = await gateway.pull({ since: cursor, clientId: "reader", limit: 10_000 });
    if (!page.ok) throw page.error;
    deltas.push(...page.value.deltas);
    cursor = page.value.serverHlc;
    if (!page.value.hasMore) return { deltas, hlc: cursor };
  }
}

/** The rows deltas describe, per table then row id, applied in order (a DELETE removes the row). */
export function materialize(
  deltas: readonly RowDelta[],
): Map<string, Map<string, Record<string, unknown>>> {
  const tables = new Map<string, Map<string, Record<string, unknown>>>();
  for (const d of deltas) {
    const rows = tables.get(d.table) ?? new Map<string, Record<string, unknown>>();
    tables.set(d.table, rows);
    if (d.op === "DELETE") {
      rows.delete(d.rowId);
      continue;
    }
    const row = rows.get(d.rowId) ?? {};
    for (const { column, value } of d.columns) row[column] = value;
    rows.set(d.rowId, row);
  }
  return tables;
}
