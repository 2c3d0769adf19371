import { describe, expect, it } from "vitest";
import { databaseIngestSchema } from "../connectors/index.js";
import { AdapterError } from "../errors/index.js";
import { Err, Ok } from "../result/index.js";
import { checkIngestTables, type IngestCheckSource } from "./check-ingest.js";

const ingest = databaseIngestSchema.parse({
  tables: [
    {
      table: "events",
      query: "SELECT * FROM events",
      strategy: { type: "cursor", cursorColumn: "at" },
    },
    {
      table: "users",
      query: "SELECT * FROM users",
      rowIdColumn: "uid",
      strategy: { type: "diff" },
    },
  ],
});

function source(failing: { query?: string; column?: string } = {}) {
  const calls: string[] = [];
  const checker: IngestCheckSource = {
    async checkQuery(query) {
      calls.push(`query ${query}`);
      return query === failing.query ? Err(new AdapterError("no such table")) : Ok(undefined);
    },
    async checkColumns(_query, columns) {
      calls.push(`columns ${columns.map((c) => `${c.name}:${c.option}`).join(",")}`);
      const missing = columns.find((c) => c.name === failing.column);
      return missing ? Err(new AdapterError(`no column "${missing.name}"`)) : Ok(undefined);
    },
  };
  return { checker, calls };
}

describe("checkIngestTables", () => {
  it("checks each table's query and its row id and cursor columns", async () => {
    const { checker, calls } = source();
    expect(await checkIngestTables(checker, ingest)).toEqual(Ok(undefined));
    expect(calls).toEqual([
      "query SELECT * FROM events",
      "columns id:rowIdColumn,at:cursorColumn",
      "query SELECT * FROM users",
      "columns uid:rowIdColumn",
    ]);
    expect(await checkIngestTables(checker, undefined)).toEqual(Ok(undefined));
  });

  it("names the table whose check failed", async () => {
    const query = await checkIngestTables(source({ query: "SELECT * FROM users" }).checker, ingest);
    expect(!query.ok && query.error.message).toBe('ingest.tables[1] ("users"): no such table');
    const column = await checkIngestTables(source({ column: "at" }).checker, ingest);
    expect(!column.ok && column.error.message).toBe('ingest.tables[0] ("events"): no column "at"');
  });
});
