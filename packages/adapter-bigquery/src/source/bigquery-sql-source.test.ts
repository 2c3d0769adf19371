import { AdapterError, sleep } from "@lakesync/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { BigQueryRest } from "../client/bigquery-rest.js";
import { FakeBigQuery } from "../testing/fake/fake-bigquery.js";
import { startLocalServer } from "../testing/local-server.js";
import { BigQuerySqlSource } from "./bigquery-sql-source.js";

// BigQuerySqlSource against the fake BigQuery on a port.

let fake: FakeBigQuery;
let source: BigQuerySqlSource;

beforeAll(async () => {
  fake = await FakeBigQuery.start();
  await fake.exec(
    `CREATE SCHEMA IF NOT EXISTS source_ds;
     CREATE TABLE IF NOT EXISTS source_ds.events (id INT64, kind STRING);
     DELETE FROM source_ds.events WHERE true;
     INSERT INTO source_ds.events VALUES (1, 'a'), (2, 'b')`,
  );
}, 60_000);
afterAll(() => fake?.stop());

beforeEach(() => {
  fake.requests.length = 0;
  fake.clearFailures();
  source = new BigQuerySqlSource(
    new BigQueryRest({ projectId: fake.projectId, dataset: "source_ds", apiEndpoint: fake.url }),
  );
});

/** Every row of a read, or the error it ended with. */
async function read(from = source): Promise<unknown[] | Error> {
  const rows: unknown[] = [];
  try {
    for await (const batch of from.readRows("SELECT * FROM events", { batchSize: 100 })) {
      rows.push(...batch);
    }
    return rows;
  } catch (err) {
    return err as Error;
  }
}

describe("BigQuerySqlSource", () => {
  it("fails a rate-limited read with the wait BigQuery's Retry-After asked for, capped at 5 minutes", async () => {
    const asked: [string, number][] = [
      ["7", 7_000],
      [new Date(Date.now() + 120_000).toUTCString(), 120_000],
      ["86400", 300_000],
    ];
    for (const [header, ms] of asked) {
      fake.clearFailures();
      fake.fail({ match: /\/queries$/, status: 429, headers: { "Retry-After": header }, times: 5 });
      const failed = await read();
      expect(failed).toBeInstanceOf(AdapterError);
      expect((failed as AdapterError).message).toMatch(/HTTP 429, rateLimitExceeded/);
      expect((failed as AdapterError).retryAfterMs).toBeGreaterThan(ms - 2_000);
      expect((failed as AdapterError).retryAfterMs).toBeLessThanOrEqual(ms);
    }
  });

  it("waits out a short Retry-After in place, then reads", async () => {
    fake.fail({ match: /\/queries$/, status: 503, headers: { "Retry-After": "1" } });
    const started = Date.now();
    expect(await read()).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(fake.requests.filter((r) => r.path.endsWith("/queries"))).toHaveLength(2);
  });

  it("ends a read at once, with an error, when closed while BigQuery does not answer", async () => {
    const silent = await startLocalServer(() => {});
    const hanging = new BigQuerySqlSource(
      new BigQueryRest({ projectId: "my-project", dataset: "source_ds", apiEndpoint: silent.url }),
    );
    const reading = read(hanging);
    while (silent.requests.length === 0) await sleep(10);
    await hanging.close();
    const ended = await Promise.race([reading, sleep(1_000).then(() => "still reading")]);
    expect(ended).toBeInstanceOf(AdapterError);
    expect((ended as AdapterError).message).toMatch(/cancelled/);
    expect(silent.requests).toHaveLength(1);
    expect(await read(hanging)).toBeInstanceOf(AdapterError);
    expect(silent.requests).toHaveLength(1);
    await silent.stop();
  });

  it("ends its checks with the budget it is given", async () => {
    const slow = await startLocalServer((_req, res) => {
      const job = { kind: "bigquery#job", statistics: { query: { schema: { fields: [] } } } };
      setTimeout(() => res.end(JSON.stringify(job)), 300);
    });
    const client = new BigQueryRest({ projectId: "p", dataset: "d", apiEndpoint: slow.url });
    const checked = new BigQuerySqlSource(client, { checkSignal: client.answerWithin(500) });
    expect(await checked.checkQuery("SELECT 1")).toEqual({ ok: true, value: undefined });
    const late = await checked.checkColumns("SELECT 1", [{ name: "id", option: "rowIdColumn" }]);
    expect(late.ok).toBe(false);
    if (!late.ok) expect(late.error.message).toMatch(`No answer from ${slow.url} within 0.5 s`);
    await slow.stop();
  });

  it("fails clearly on rows that do not fit their schema", async () => {
    const odd = await startLocalServer((_req, res) => {
      const result = {
        kind: "bigquery#queryResponse",
        jobComplete: true,
        jobReference: { jobId: "j1" },
        schema: { fields: [{ name: "tags", type: "STRING", mode: "REPEATED" }] },
        rows: [{ f: [{ v: "not a list" }] }],
      };
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(result));
    });
    const client = new BigQueryRest({ projectId: "p", dataset: "d", apiEndpoint: odd.url });
    const failed = await read(new BigQuerySqlSource(client));
    expect(failed).toBeInstanceOf(AdapterError);
    expect((failed as Error).message).toBe(
      "Could not read rows: BigQuery answered an unexpected response to a query: a row does not fit its schema",
    );
    await odd.stop();
  });
});
