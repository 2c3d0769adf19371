import {
  type AdapterError,
  type DatabaseAdapter,
  decodeLogRow,
  decodeRowState,
  encodeEntry,
  encodeRowState,
  type HLCTimestamp,
  type LoggedDelta,
  type LogRow,
  mergeEntries,
  Ok,
  type Result,
  type RowState,
  rowKey,
  type TableSchema,
  touchedRows,
  uniqueById,
} from "@lakesync/core";

/** The tables of a gateway's delta log in its Durable Object's SQLite storage. */
const DDL = [
  `create table if not exists lakesync_deltas (
    position text primary key,
    delta_id text not null unique,
    op text not null,
    table_name text not null,
    row_id text not null,
    client_id text not null,
    hlc text not null,
    columns text not null
  )`,
  `create table if not exists lakesync_row_states (
    table_name text not null,
    row_id text not null,
    state text not null,
    primary key (table_name, row_id)
  )`,
  `create table if not exists lakesync_schemas (
    table_name text primary key,
    schema text not null
  )`,
];

/**
 * Positions are 64-bit HLCs, past what a JS number (and so the SQL API's integers) holds
 * exactly: they are stored as zero-padded decimal text, which sorts like the numbers.
 */
export function positionText(position: HLCTimestamp): string {
  return position.toString().padStart(20, "0");
}

/**
 * The DatabaseAdapter of a gateway in its Durable Object: the delta log (idempotent by
 * deltaId) and each row's merged state (column-level last-writer-wins, core's merge) in the
 * object's SQLite storage, so pulls of flushed deltas survive evictions and restarts.
 * Every write runs in one storage transaction.
 * @example
 * const store = new DurableObjectDeltaStore(ctx.storage);
 * const gateway = new SyncGateway({ gatewayId, store });
 * gateway.resumeFrom(store.lastPosition());
 */
export class DurableObjectDeltaStore implements DatabaseAdapter {
  readonly #storage: DurableObjectStorage;

  constructor(storage: DurableObjectStorage) {
    this.#storage = storage;
    for (const statement of DDL) storage.sql.exec(statement);
  }

  async insertDeltas(deltas: readonly LoggedDelta[]): Promise<Result<void, AdapterError>> {
    const sql = this.#storage.sql;
    this.#storage.transactionSync(() => {
      const fresh = uniqueById(deltas)
        .map(encodeEntry)
        .filter(({ entry, columnsText }) => {
          const d = entry.delta;
          const cursor = sql.exec(
            `insert or ignore into lakesync_deltas
              (position, delta_id, op, table_name, row_id, client_id, hlc, columns)
              values (?, ?, ?, ?, ?, ?, ?, ?)`,
            positionText(entry.position),
            d.deltaId,
            d.op,
            d.table,
            d.rowId,
            d.clientId,
            d.hlc.toString(),
            columnsText,
          );
          return cursor.rowsWritten > 0;
        });
      if (fresh.length === 0) return;
      const states = new Map<string, RowState>();
      for (const { table, rowId } of touchedRows(fresh)) {
        const row = sql
          .exec<{ state: string }>(
            "select state from lakesync_row_states where table_name = ? and row_id = ?",
            table,
            rowId,
          )
          .toArray()[0];
        if (row) states.set(rowKey(table, rowId), decodeRowState(table, rowId, row.state));
      }
      for (const state of mergeEntries(states, fresh)) {
        sql.exec(
          `insert into lakesync_row_states (table_name, row_id, state) values (?, ?, ?)
            on conflict (table_name, row_id) do update set state = excluded.state`,
          state.table,
          state.rowId,
          encodeRowState(state),
        );
      }
    });
    return Ok(undefined);
  }

  async queryDeltasSince(
    since: HLCTimestamp,
    limit: number,
  ): Promise<Result<{ deltas: LoggedDelta[] }, AdapterError>> {
    const rows = this.#storage.sql
      .exec<{ [K in keyof LogRow]: string }>(
        `select position, delta_id, op, table_name, row_id, client_id, hlc, columns
          from lakesync_deltas where position > ? order by position limit ?`,
        positionText(since),
        Math.max(0, Math.floor(limit)),
      )
      .toArray();
    return Ok({ deltas: rows.map((row) => decodeLogRow(row)) });
  }

  /** Records the schema; rows are materialised as merged states, whatever their table. */
  async ensureSchema(schema: TableSchema): Promise<Result<void, AdapterError>> {
    this.#storage.sql.exec(
      `insert into lakesync_schemas (table_name, schema) values (?, ?)
        on conflict (table_name) do update set schema = excluded.schema`,
      schema.table,
      JSON.stringify(schema),
    );
    return Ok(undefined);
  }

  /** The schemas registered so far, to apply again after a restart. */
  schemas(): TableSchema[] {
    return this.#storage.sql
      .exec<{ schema: string }>("select schema from lakesync_schemas order by table_name")
      .toArray()
      .map((row) => JSON.parse(row.schema) as TableSchema);
  }

  /** The position of the last flushed delta, 0n when none: where the server clock resumes. */
  lastPosition(): HLCTimestamp {
    const row = this.#storage.sql
      .exec<{ position: string | null }>("select max(position) as position from lakesync_deltas")
      .toArray()[0];
    return row?.position ? BigInt(row.position) : 0n;
  }

  /** The merged state of a row, or undefined: what the log materialises. */
  rowState(table: string, rowId: string): RowState | undefined {
    const row = this.#storage.sql
      .exec<{ state: string }>(
        "select state from lakesync_row_states where table_name = ? and row_id = ?",
        table,
        rowId,
      )
      .toArray()[0];
    return row ? decodeRowState(table, rowId, row.state) : undefined;
  }

  async close(): Promise<void> {}
}
