export {
  closeOnce,
  type DatabaseConnectorParts,
  databaseConnector,
} from "./database-connector.js";
export {
  createDatabaseIngestPoll,
  cursorStateKey,
  type DatabaseIngestPoll,
  type DatabaseIngestPollOptions,
  DEFAULT_INGEST_BATCH_SIZE,
  snapshotStateKey,
} from "./database-ingest.js";
export { type IngestProgress, PollProgress } from "./poll-progress.js";
export { PROGRESS_LOG_EVERY_MS, progressReporter } from "./progress-reporter.js";
