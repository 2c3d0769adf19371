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
