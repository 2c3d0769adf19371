import type { DatabaseIngestConfig } from "../connectors/index.js";
import { AdapterError } from "../errors/index.js";
import { Err, Ok, type Result } from "../result/index.js";

/** What a connector needs of its source to check an ingest config at register time. */
export interface IngestCheckSource {
  checkQuery(query: string): Promise<Result<void, AdapterError>>;
  checkColumns(
    query: string,
    columns: readonly { readonly name: string; readonly option: string }[],
  ): Promise<Result<void, AdapterError>>;
}

/**
 * Checks that every ingest table's query runs and returns its `rowIdColumn` (and, for the
 * cursor strategy, its `cursorColumn`); the error names the table by its index.
 */
export async function checkIngestTables(
  source: IngestCheckSource,
  ingest: DatabaseIngestConfig | undefined,
): Promise<Result<void, AdapterError>> {
  for (const [i, table] of (ingest?.tables ?? []).entries()) {
    const where = `ingest.tables[${i}] ("${table.table}")`;
    const runs = await source.checkQuery(table.query);
    if (!runs.ok) return Err(new AdapterError(`${where}: ${runs.error.message}`));
    const columns = [{ name: table.rowIdColumn, option: "rowIdColumn" }];
    if (table.strategy.type === "cursor") {
      columns.push({ name: table.strategy.cursorColumn, option: "cursorColumn" });
    }
    const has = await source.checkColumns(table.query, columns);
    if (!has.ok) return Err(new AdapterError(`${where}: ${has.error.message}`));
  }
  return Ok(undefined);
}
