/**
 * The little the adapter needs from a MySQL or MariaDB driver, typed structurally so any
 * driver (or a test double of a driver) fits. Parameters are always bound (`?`), never
 * concatenated.
 */
export interface MySqlClient {
  /** Runs one statement with `?` parameters and returns its rows (none for a write). */
  query<T extends Record<string, unknown> = Record<string, unknown>>(
    text: string,
    params?: readonly unknown[],
  ): Promise<T[]>;
  /**
   * Streams the rows of one statement (no parameters) in arrays of up to `batchSize`, over
   * one connection, never the whole result in memory. Stopping early ends that connection.
   */
  stream<T extends Record<string, unknown> = Record<string, unknown>>(
    text: string,
    batchSize: number,
  ): AsyncIterable<T[]>;
  /**
   * The result columns of a statement, with their wire type (`DATETIME`, `LONGLONG`, ...),
   * read from the metadata of a run of it: pass a statement that reads no rows (`LIMIT 0`).
   */
  describeColumns(text: string, params?: readonly unknown[]): Promise<ColumnInfo[]>;
  /**
   * Runs `fn` in a transaction (READ COMMITTED, as PostgreSQL's default): committed when it
   * resolves, rolled back when it throws. Nested, it is a savepoint of the outer one.
   */
  transaction<R>(fn: (tx: MySqlClient) => Promise<R>): Promise<R>;
  /**
   * Runs `fn` on one connection of the pool, kept for it alone: what needs a session
   * (`GET_LOCK`, which outlives a transaction and the implicit commit of DDL) runs there.
   */
  session<R>(fn: (session: MySqlClient) => Promise<R>): Promise<R>;
  /**
   * Cuts off every query running now (each fails as a lost connection) and stays usable: the
   * next query takes a fresh connection. Optional for test doubles.
   */
  interrupt?(): Promise<void>;
  /** Ends the pool at once: a query still running fails. */
  close(): Promise<void>;
}

/** A result column: its name and its MySQL wire type name (`DATETIME`, `VAR_STRING`, ...). */
export interface ColumnInfo {
  readonly name: string;
  readonly type: string;
}
