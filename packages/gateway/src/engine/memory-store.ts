import {
  type AdapterError,
  type DatabaseAdapter,
  type HLCTimestamp,
  type LoggedDelta,
  Ok,
  type Result,
  type TableSchema,
} from "@lakesync/core";

/**
 * A DatabaseAdapter that keeps its delta log in memory: for a gateway without a database
 * (tests, a Worker's short-lived state). Idempotent by deltaId like every adapter.
 */
export class MemoryStore implements DatabaseAdapter {
  readonly #log: LoggedDelta[] = [];
  readonly #ids = new Set<string>();
  readonly #schemas = new Map<string, TableSchema>();

  async insertDeltas(deltas: readonly LoggedDelta[]): Promise<Result<void, AdapterError>> {
    let sorted = true;
    for (const entry of deltas) {
      if (this.#ids.has(entry.delta.deltaId)) continue;
      this.#ids.add(entry.delta.deltaId);
      const last = this.#log.at(-1);
      if (last && entry.position < last.position) sorted = false;
      this.#log.push(entry);
    }
    if (!sorted) {
      this.#log.sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
    }
    return Ok(undefined);
  }

  async queryDeltasSince(
    since: HLCTimestamp,
    limit: number,
  ): Promise<Result<{ deltas: LoggedDelta[]; warnings?: string[] }, AdapterError>> {
    const deltas: LoggedDelta[] = [];
    for (const entry of this.#log) {
      if (entry.position <= since) continue;
      deltas.push(entry);
      if (deltas.length >= limit) break;
    }
    return Ok({ deltas });
  }

  async ensureSchema(schema: TableSchema): Promise<Result<void, AdapterError>> {
    this.#schemas.set(schema.table, schema);
    return Ok(undefined);
  }

  /** The schemas registered so far. */
  get schemas(): TableSchema[] {
    return [...this.#schemas.values()];
  }

  /** Number of deltas held. */
  get size(): number {
    return this.#log.length;
  }

  async close(): Promise<void> {}
}
