import {
  encodeHlc,
  type HLCTimestamp,
  type LakeSyncError,
  type LoggedDelta,
  makeDelta,
  type Result,
  type RowDelta,
  type TableSchema,
} from "@lakesync/core";
import type { ContractAdapter } from "./types.js";

// Builders shared by the contract's sections.

export const T0 = 1_750_000_000_000;
export const at = (ms: number, counter = 0): HLCTimestamp => encodeHlc(T0 + ms, counter);

/** An UPDATE (or INSERT/DELETE) of a row, at `ms` after a fixed epoch, by `clientId`. */
export function change(
  rowId: string,
  ms: number,
  columns: Record<string, unknown>,
  options: { clientId?: string; op?: RowDelta["op"]; table?: string } = {},
): RowDelta {
  const op = options.op ?? "UPDATE";
  return makeDelta(
    {
      op,
      table: options.table ?? "todos",
      rowId,
      columns:
        op === "DELETE"
          ? []
          : Object.entries(columns).map(([column, value]) => ({ column, value })),
    },
    options.clientId ?? "client-a",
    at(ms),
  );
}

/** Logged at positions that follow the order of the array, from `start`. */
export function logged(deltas: readonly RowDelta[], start = 1): LoggedDelta[] {
  return deltas.map((delta, i) => ({ position: at(100_000 + start + i), delta }));
}

export function ok<T>(result: Result<T, LakeSyncError>): T {
  if (!result.ok) throw new Error(`expected Ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

export async function readAll(adapter: ContractAdapter, pageSize: number): Promise<LoggedDelta[]> {
  const all: LoggedDelta[] = [];
  let since = 0n;
  for (;;) {
    const { deltas } = ok(await adapter.queryDeltasSince(since, pageSize));
    all.push(...deltas);
    const last = deltas.at(-1);
    if (!last || deltas.length < pageSize) return all;
    since = last.position;
  }
}

/** A schema with one column of each type. */
export const TODOS: TableSchema = {
  table: "todos",
  columns: [
    { name: "title", type: "string" },
    { name: "points", type: "number" },
    { name: "done", type: "boolean" },
    { name: "meta", type: "json" },
    { name: "due", type: "timestamp" },
  ],
};
