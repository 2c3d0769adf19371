import type { Row } from "../delta/types.js";
import type { AdapterError } from "../errors/index.js";
import type { CursorPosition } from "../ingest/cursor-compare.js";
import type { Result } from "../result/index.js";

/** How a cursor-strategy read resumes: rows after `after` by `(cursorColumn, rowIdColumn)`. */
export interface KeysetCursor {
  readonly cursorColumn: string;
  readonly rowIdColumn: string;
  /** The last position whose rows were accepted; null reads from the start. */
  readonly after: CursorPosition | null;
}

/** Options of {@link SqlSource.readRows}. */
export interface ReadRowsOptions {
  readonly batchSize: number;
  readonly cursor?: KeysetCursor | undefined;
  /**
   * Told, in a sentence, what holds this read back, e.g. a transaction long open whose rows
   * it waits for: the poller reports it on the connector's status.
   */
  readonly onWarning?: ((message: string) => void) | undefined;
}

/**
 * A database an ingest poller reads: each table's user `query`, streamed in bounded batches
 * (never the whole result in memory), values bound as parameters, never concatenated.
 * Implemented by each database adapter package.
 */
export interface SqlSource {
  /**
   * Streams the query's rows in batches of at most `batchSize`. With a `cursor`, only rows
   * after its position, in `(cursorColumn, rowIdColumn)` order (keyset pagination); cursor
   * values come back as text where the driver would lose precision (timestamps).
   */
  readRows(query: string, options: ReadRowsOptions): AsyncIterable<readonly Row[]>;
  /** Checks that the query runs (a dry run that reads no rows), for register-time validation. */
  checkQuery(query: string): Promise<Result<void, AdapterError>>;
  /**
   * Cuts off the reads under way (their iterators throw); the source stays usable for the next
   * ones. Optional: a poller times out a read that stalls only on a source that has it.
   */
  interrupt?(): Promise<void>;
  close(): Promise<void>;
}
