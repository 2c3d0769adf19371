/**
 * The little the adapter needs from a PostgreSQL driver, typed structurally so postgres.js
 * and PGlite (the embedded store) both fit. Parameters are always bound, never concatenated.
 */
export interface SqlClient {
  /** Runs one statement with `$1`-style parameters and returns its rows. */
  query<T extends Record<string, unknown> = Record<string, unknown>>(
    text: string,
    params?: readonly unknown[],
  ): Promise<T[]>;
  /**
   * Streams a statement's rows in batches of at most `batchSize` through a server-side cursor
   * (the result is never held whole). Optional: postgres.js has it, PGlite does not.
   */
  cursor?<T extends Record<string, unknown> = Record<string, unknown>>(
    text: string,
    params: readonly unknown[],
    batchSize: number,
  ): AsyncIterable<T[]>;
  /**
   * Date and time values come back as PostgreSQL's own text, never as Dates (postgres.js
   * with `exactTimestamps`): every value read is then exact, and a keyset read can take
   * its position from the row itself.
   */
  readonly datesAsText?: boolean;
  /** Runs `fn` in a transaction: committed when it resolves, rolled back when it throws. */
  transaction<R>(fn: (tx: SqlClient) => Promise<R>): Promise<R>;
  /**
   * Cuts off every query running now (each fails as a lost connection) and stays usable: the
   * next query connects afresh. Optional: postgres.js has it, PGlite does not.
   */
  interrupt?(): Promise<void>;
  /** Ends the connections at once: a query still running fails. */
  close(): Promise<void>;
}
