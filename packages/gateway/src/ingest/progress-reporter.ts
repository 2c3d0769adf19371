import type { ConnectorContext } from "../connectors/types.js";
import type { IngestProgress } from "./poll-progress.js";

/** How often a long poll logs its progress. */
export const PROGRESS_LOG_EVERY_MS = 10_000;

/**
 * Reports a database connector's polls to its host: every progress to `onProgress` (the
 * status counters move while a long poll runs), a log line `ingest progress` every
 * `everyMs` of a long poll (an initial sync) naming the table being read, and at the end of a
 * poll that logged progress `ingest poll finished` (or `ingest poll stopped`: it failed or was
 * stopped, the host logs why) with the poll's totals over its tables. Short polls log nothing.
 * @example
 * createDatabaseIngestPoll({ ...options, onProgress: progressReporter(context) });
 */
export function progressReporter(
  context: Pick<ConnectorContext, "log" | "onProgress">,
  everyMs: number = PROGRESS_LOG_EVERY_MS,
): (progress: IngestProgress) => void {
  let nextLogMs = everyMs;
  let logged = false;
  return (progress) => {
    context.onProgress?.({ deltasPushed: progress.deltasPushed });
    if (progress.done) {
      const ended = progress.failed ? "ingest poll stopped" : "ingest poll finished";
      // The poll's totals over all its tables: no one table to name.
      const { table: _, ...totals } = fieldsOf(progress);
      if (logged) context.log("info", ended, totals);
      nextLogMs = everyMs;
      logged = false;
      return;
    }
    if (progress.elapsedMs < nextLogMs) return;
    nextLogMs = progress.elapsedMs + everyMs;
    logged = true;
    context.log("info", "ingest progress", fieldsOf(progress));
  };
}

function fieldsOf(progress: IngestProgress) {
  const seconds = progress.elapsedMs / 1000;
  return {
    table: progress.table,
    rowsRead: progress.rowsRead,
    deltasPushed: progress.deltasPushed,
    seconds: Math.round(seconds),
    rowsPerSecond: seconds > 0 ? Math.round(progress.rowsRead / seconds) : 0,
  };
}
