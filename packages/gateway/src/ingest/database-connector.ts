import {
  AdapterError,
  checkIngestTables,
  type DatabaseAdapter,
  type DatabaseIngestConfig,
  Err,
  type IngestCheckSource,
  Ok,
  type Result,
  type SqlSource,
} from "@lakesync/core";
import type { ConnectorContext, ConnectorRuntime } from "../connectors/types.js";
import { createDatabaseIngestPoll } from "./database-ingest.js";
import { progressReporter } from "./progress-reporter.js";

/** What a database connector is made of, built by its adapter package's factory. */
export interface DatabaseConnectorParts {
  /** The database's name in messages: `Cannot reach PostgreSQL: ...`. */
  readonly database: string;
  /** Resolves once the database answers (`select 1`, a dry run). */
  ping(): Promise<void>;
  /** A failure as the database's reason, without secrets. */
  describe(err: unknown): string;
  /** Where ingest queries run and are checked. */
  readonly source: SqlSource & IngestCheckSource;
  /** The named source of `?source=` pulls: the database's delta log, for this gateway's id. */
  readonly adapter: DatabaseAdapter;
  /** Ends the connections the parts share (once, however often it is called). */
  close(): Promise<void>;
}

/**
 * The runtime of a database connector (PostgreSQL, MySQL, BigQuery): checks that the
 * database answers and, with `ingest`, that every table's query runs and returns its
 * `rowIdColumn` (and `cursorColumn`); a failure is an AdapterError with the database's
 * message and the parts are closed. Then the adapter serves `?source=` pulls and, with
 * `ingest`, `createDatabaseIngestPoll` polls the source; `close` ends the parts, and so does
 * aborting a running poll's signal (parts' `close` must be safe to call twice: `closeOnce`).
 * @example
 * return databaseConnector(context, { database: "PostgreSQL", ping, describe, source, adapter, close });
 */
export async function databaseConnector(
  context: ConnectorContext,
  parts: DatabaseConnectorParts,
): Promise<Result<ConnectorRuntime, AdapterError>> {
  const ingest = context.config.ingest as DatabaseIngestConfig | undefined;
  const checked = await check(parts, ingest);
  if (!checked.ok) {
    await parts.close().catch(() => {});
    return checked;
  }
  const { adapter: source, close } = parts;
  if (!ingest) return Ok({ source, close });
  const pollOnce = createDatabaseIngestPoll({
    source: parts.source,
    connector: context.config.name,
    ingest,
    gateway: context.gateway,
    state: context.state,
    onProgress: progressReporter(context),
  });
  // The host aborts a poll only to stop the connector: closing the parts then cuts off a
  // query still running (a slow one would otherwise hold up the unregister until it ends).
  const poll = async (signal: AbortSignal) => {
    const cutOff = () => void close().catch(() => {});
    signal.addEventListener("abort", cutOff, { once: true });
    try {
      return await pollOnce(signal);
    } finally {
      signal.removeEventListener("abort", cutOff);
    }
  };
  return Ok({ source, poll, close });
}

async function check(
  parts: DatabaseConnectorParts,
  ingest: DatabaseIngestConfig | undefined,
): Promise<Result<void, AdapterError>> {
  try {
    await parts.ping();
  } catch (err) {
    return Err(new AdapterError(`Cannot reach ${parts.database}: ${parts.describe(err)}`));
  }
  return checkIngestTables(parts.source, ingest);
}

/** `close` that runs `end` once and hands every caller the same promise. */
export function closeOnce(end: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | null = null;
  return () => {
    closing ??= end();
    return closing;
  };
}
