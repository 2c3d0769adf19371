import { postgresJsClient } from "@lakesync/adapter-postgres";
import type { PostgresConnectorConfigFull } from "@lakesync/core";
import { PG_URL, TestGateway, withSchema } from "../../../client/src/testing/test-gateway.js";

/** The real in-process gateway of @lakesync/client's tests (PostgreSQL store). */
export { PG_URL, TestGateway, withSchema };

/** A fetch that records each requested URL and passes the call on unchanged. */
export function recordingFetch(base: typeof fetch = globalThis.fetch): {
  fetch: typeof fetch;
  urls: string[];
} {
  const urls: string[] = [];
  const fetchFn: typeof fetch = (input, init) => {
    urls.push(input instanceof Request ? input.url : String(input));
    return base(input, init);
  };
  return { fetch: fetchFn, urls };
}

/** Runs SQL in the gateway's schema of the test PostgreSQL. */
export async function sql(gateway: TestGateway, statement: string): Promise<void> {
  const db = postgresJsClient(withSchema(PG_URL, gateway.schema), { max: 1 });
  try {
    await db.query(statement);
  } finally {
    await db.close();
  }
}

/** A postgres connector reading the gateway's own schema, polling `query` when given. */
export function postgresConnector(
  gateway: TestGateway,
  name: string,
  query?: string,
): PostgresConnectorConfigFull {
  const config: PostgresConnectorConfigFull = {
    name,
    type: "postgres",
    postgres: { connectionString: withSchema(PG_URL, gateway.schema) },
  };
  if (!query) return config;
  return {
    ...config,
    ingest: {
      intervalMs: 100,
      chunkSize: 500, // defaulted by the server, but required by the (parsed) config type
      tables: [{ table: `${name}_rows`, query, rowIdColumn: "id", strategy: { type: "diff" } }],
    },
  };
}
