import { z } from "zod";

/**
 * Ingest polling configuration: what a connector's poller reads and how often.
 *
 * Database connectors (postgres, mysql, bigquery) list the tables to poll; API
 * connectors (jira, salesforce) define their tables internally and take only the
 * timing and memory settings.
 */

/** Defaults applied when a field is omitted. `memoryBudgetBytes` has none: no limit. */
export const connectorIngestDefaults = {
  /** Poll every 30 s, as in the spec's examples. */
  intervalMs: 30_000,
  /** Deltas per pushed chunk (spec: default 500). */
  chunkSize: 500,
  /** The column whose value becomes each row's id. */
  rowIdColumn: "id",
  /**
   * How long a database poll waits for the next batch of a query before it cuts the read off
   * and backs off (a stalled network, a lock). Applied by the poller when omitted.
   */
  readTimeoutMs: 120_000,
} as const;

/** Bounds checked by the ingest schemas. */
export const connectorIngestLimits = {
  minIntervalMs: 100,
  /** One day. */
  maxIntervalMs: 86_400_000,
  maxChunkSize: 10_000,
  minMemoryBudgetBytes: 1024,
} as const;

/** A table or column name: what SQL and URLs take without quoting. Same rule as table schemas. */
function identifier(description: string) {
  return z
    .string()
    .min(1)
    .max(128)
    .regex(
      /^[A-Za-z_][A-Za-z0-9_]*$/,
      "must start with a letter or '_' and contain only letters, digits and '_'",
    )
    .describe(description);
}

/** How a poller detects changes in one table. */
export const ingestStrategySchema = z
  .discriminatedUnion("type", [
    z
      .strictObject({
        type: z
          .literal("cursor")
          .describe("Fetch rows whose cursor column moved past the last seen value."),
        cursorColumn: identifier(
          "Monotonic column (e.g. updated_at) compared against the stored cursor.",
        ),
      })
      .describe("Cursor strategy: incremental, cannot see hard deletes."),
    z
      .strictObject({
        type: z
          .literal("diff")
          .describe("Compare the full result with the previous poll's snapshot."),
      })
      .describe("Diff strategy: detects inserts, updates and hard deletes; for small tables."),
  ])
  .describe("Change detection strategy.");

/** One polled table of a database connector. */
export const ingestTableSchema = z
  .strictObject({
    table: identifier("LakeSync table the rows are written to."),
    query: z
      .string()
      .min(1)
      .describe("SQL query whose result rows are synced, e.g. SELECT * FROM events."),
    rowIdColumn: identifier("Column of the query result that identifies a row.").default(
      connectorIngestDefaults.rowIdColumn,
    ),
    strategy: ingestStrategySchema,
  })
  .describe("A table to poll.");

const intervalMs = z
  .int()
  .min(connectorIngestLimits.minIntervalMs)
  .max(connectorIngestLimits.maxIntervalMs)
  .default(connectorIngestDefaults.intervalMs)
  .describe("Poll interval in milliseconds (100 to 86400000). Default 30000.");

const chunkSize = z
  .int()
  .min(1)
  .max(connectorIngestLimits.maxChunkSize)
  .default(connectorIngestDefaults.chunkSize)
  .describe("Number of deltas pushed per chunk (1 to 10000). Default 500.");

const memoryBudgetBytes = z
  .int()
  .min(connectorIngestLimits.minMemoryBudgetBytes)
  .optional()
  .describe("Gateway buffer budget in bytes; the poller flushes at 70% of it. Omit for no limit.");

const readTimeoutMs = z
  .int()
  .min(1000)
  .max(connectorIngestLimits.maxIntervalMs)
  .optional()
  .describe(
    "PostgreSQL and MySQL: milliseconds a poll waits for the next batch of a table's query before it cuts the read off and retries later (1000 to 86400000). Omit for 120000.",
  );

/** Table names must be unique within one connector. */
const tablesSchema = z
  .array(ingestTableSchema, {
    error: (issue) =>
      issue.input === undefined
        ? "is required for database connectors: list the tables to poll"
        : undefined,
  })
  .min(1)
  .superRefine((tables, ctx) => {
    const firstIndex = new Map<string, number>();
    tables.forEach((t, i) => {
      const first = firstIndex.get(t.table);
      if (first === undefined) {
        firstIndex.set(t.table, i);
        return;
      }
      ctx.addIssue({
        code: "custom",
        path: [i, "table"],
        message: `must be unique: "${t.table}" is already used by tables[${first}]`,
      });
    });
  })
  .describe("Tables to poll (at least one).");

/** Ingest config of a database connector: `tables` is required. */
export const databaseIngestSchema = z
  .strictObject({ tables: tablesSchema, intervalMs, chunkSize, memoryBudgetBytes, readTimeoutMs })
  .describe("Ingest polling: the tables to poll and how often.");

/** Ingest config of an API connector: timing and memory only, tables are built in. */
export const apiIngestSchema = z
  .strictObject({ intervalMs, chunkSize, memoryBudgetBytes })
  .describe("Ingest polling: how often to poll and how much to buffer.");

/** A change detection strategy, as validated. */
export type IngestStrategy = z.output<typeof ingestStrategySchema>;
/** One polled table, as validated (`rowIdColumn` defaulted). */
export type IngestTableConfig = z.output<typeof ingestTableSchema>;
/** A database connector's ingest config, as validated (defaults applied). */
export type DatabaseIngestConfig = z.output<typeof databaseIngestSchema>;
/** An API connector's ingest config, as validated (defaults applied). */
export type ApiIngestConfig = z.output<typeof apiIngestSchema>;
