import {
  type ConnectorConfig,
  Err,
  LakeSyncError,
  Ok,
  type RowDelta,
  sleep,
  validateConnectorConfig,
} from "@lakesync/core";
import { type ConnectorContext, deltaToJson, SyncGateway, type UrlGuard } from "@lakesync/gateway";
import { MemoryStateStore, mergedRows, pullAll } from "@lakesync/gateway/connector-kit";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { NO_DELTA_LOG_WARNING } from "../adapter/bigquery-adapter.js";
import { FakeBigQuery } from "../testing/fake/fake-bigquery.js";
import { startLocalServer } from "../testing/local-server.js";
import { bigqueryConnectorFactory } from "./bigquery-connector.js";

// The bigquery connector factory against the fake BigQuery on a port, polling into a real
// SyncGateway with the spec's "BigQuery with Ingest Polling" body plus `apiEndpoint`.

let fake: FakeBigQuery;
let gateway: SyncGateway;
let state: MemoryStateStore;

beforeAll(async () => {
  fake = await FakeBigQuery.start();
}, 60_000);
afterAll(() => fake?.stop());

let dataset: string;
beforeEach(async () => {
  dataset = `events_ds_${Math.random().toString(36).slice(2, 8)}`;
  await fake.exec(
    `CREATE SCHEMA ${dataset};
     CREATE TABLE ${dataset}.events (id INT64, kind STRING, payload JSON, updated_at TIMESTAMP)`,
  );
  gateway = new SyncGateway({ gatewayId: "my-gw" });
  state = new MemoryStateStore();
  fake.requests.length = 0;
  fake.incompleteAnswers = 0;
  fake.clearFailures();
});

/** The spec's body, verbatim but for the dataset and the fake's endpoint. */
function specConfig(overrides: { query?: string; cursorColumn?: string } = {}): ConnectorConfig {
  const body = {
    name: "bq-events",
    type: "bigquery",
    bigquery: { projectId: "my-project", dataset, apiEndpoint: fake.url },
    ingest: {
      intervalMs: 30000,
      tables: [
        {
          table: "events",
          query: overrides.query ?? "SELECT * FROM events",
          strategy: { type: "cursor", cursorColumn: overrides.cursorColumn ?? "updated_at" },
        },
      ],
    },
  };
  const valid = validateConnectorConfig(body);
  if (!valid.ok) throw new Error(valid.error.message);
  return valid.value;
}

function context(
  config: ConnectorConfig,
  guard: UrlGuard = (url) => Ok(new URL(url)),
): ConnectorContext {
  return { gatewayId: "my-gw", config, gateway, state, urlGuard: guard, fetch, log: () => {} };
}

/** Every delta the gateway accepted, oldest first. */
async function accepted(): Promise<RowDelta[]> {
  return (await pullAll(gateway)).deltas;
}

/** The rows the accepted deltas add up to, by row id. */
const merged = mergedRows;

async function build(config = specConfig()) {
  const runtime = await bigqueryConnectorFactory(context(config));
  if (!runtime.ok) throw new Error(runtime.error.message);
  return runtime.value;
}

const signal = new AbortController().signal;

/** Rows `from..to` with one `updated_at` (generate_series: the fake's engine is PostgreSQL). */
async function seed(from: number, to: number, at: string): Promise<void> {
  await fake.exec(
    `INSERT INTO events (id, kind, payload, updated_at)
     SELECT i, CONCAT('click ', CAST(i AS STRING)), JSON '{"n":1}', TIMESTAMP '${at}'
     FROM generate_series(${from}, ${to}) AS i`,
    { dataset },
  );
}

describe("bigqueryConnectorFactory", () => {
  it("polls the spec's unqualified `SELECT * FROM events` from the dataset, sending no credentials", async () => {
    await seed(1, 3, "2024-03-01 09:00:00.123456+00");
    const runtime = await build();
    expect(await runtime.poll?.(signal)).toEqual({ ok: true, value: { deltasPushed: 3 } });
    const rows = merged(await accepted());
    expect(rows.get("2")).toEqual({
      id: 2,
      kind: "click 2",
      payload: { n: 1 },
      updated_at: "2024-03-01T09:00:00.123456Z",
    });
    expect((await accepted()).every((d) => d.clientId === "ingest:bq-events")).toBe(true);

    // Only rows past the cursor come back, microseconds kept; an update is one delta.
    await seed(4, 4, "2024-03-01 09:00:00.123457+00");
    await fake.exec(
      "UPDATE events SET kind = 'edited', updated_at = TIMESTAMP '2024-03-01 10:00:00+00' WHERE id = 1",
      {
        dataset,
      },
    );
    expect(await runtime.poll?.(signal)).toEqual({ ok: true, value: { deltasPushed: 2 } });
    expect(await runtime.poll?.(signal)).toEqual({ ok: true, value: { deltasPushed: 0 } });
    expect(merged(await accepted()).get("1")?.kind).toBe("edited");
    expect(await accepted()).toHaveLength(5);

    const queries = fake.requests.filter((r) => r.path.endsWith("/queries"));
    expect(queries.length).toBeGreaterThan(0);
    for (const q of queries) {
      expect(q.body).toMatchObject({
        useLegacySql: false,
        defaultDataset: { projectId: "my-project", datasetId: dataset },
      });
    }
    expect(fake.requests.every((r) => r.authorization === undefined)).toBe(true);
    await runtime.close();
  });

  it("neither loses nor repeats 12,000 rows sharing one timestamp, read a page at a time", async () => {
    await seed(1, 12_000, "2024-03-01 09:00:00+00");
    const config = specConfig();
    const runtime = await build({
      ...config,
      ingest: { ...config.ingest, chunkSize: 500 },
    } as ConnectorConfig);
    expect(await runtime.poll?.(signal)).toEqual({ ok: true, value: { deltasPushed: 12_000 } });
    // One query job (5,000 rows a page), then its later pages by pageToken.
    expect(fake.requests.filter((r) => r.path.endsWith("/queries"))).toHaveLength(1);
    const pages = fake.requests.filter((r) => r.method === "GET" && r.path.includes("/queries/"));
    expect(pages).toHaveLength(2);
    expect(
      pages.every((r) => r.query.pageToken !== undefined && r.query.maxResults === "5000"),
    ).toBe(true);
    await seed(12_001, 12_100, "2024-03-01 09:00:00+00");
    expect(await runtime.poll?.(signal)).toEqual({ ok: true, value: { deltasPushed: 100 } });
    const all = await accepted();
    expect(all).toHaveLength(12_100);
    expect(new Set(all.map((d) => d.rowId)).size).toBe(12_100);
  });

  it("waits out jobComplete: false answers and retries a 503 in place", async () => {
    await seed(1, 2, "2024-03-01 09:00:00+00");
    const runtime = await build();
    fake.incompleteAnswers = 2;
    fake.fail({ match: /^POST .*\/queries$/, status: 503 });
    expect(await runtime.poll?.(signal)).toEqual({ ok: true, value: { deltasPushed: 2 } });
    expect(
      fake.requests.filter((r) => r.method === "GET" && r.path.includes("/queries/")).length,
    ).toBe(2);
  });

  it("backs off as long as a 429's Retry-After asks", async () => {
    await seed(1, 2, "2024-03-01 09:00:00+00");
    const runtime = await build();
    fake.fail({ match: /\/queries$/, status: 429, headers: { "Retry-After": "42" }, times: 5 });
    const limited = await runtime.poll?.(signal);
    expect(limited?.ok).toBe(false);
    if (limited && !limited.ok) {
      expect(limited.error.message).toMatch(/HTTP 429, rateLimitExceeded/);
      expect(limited.error.retryAfterMs).toBe(42_000);
    }
    fake.clearFailures();
    expect(await runtime.poll?.(signal)).toEqual({ ok: true, value: { deltasPushed: 2 } });
  });

  it("backs off while BigQuery keeps failing or the table is gone, then resumes without duplicates", async () => {
    await seed(1, 5, "2024-03-01 09:00:00+00");
    const runtime = await build();
    expect(await runtime.poll?.(signal)).toEqual({ ok: true, value: { deltasPushed: 5 } });

    fake.fail({ status: 500, times: 10 });
    const down = await runtime.poll?.(signal);
    expect(down?.ok).toBe(false);
    if (down && !down.ok) {
      expect(down.error.fatal).toBe(false);
      expect(down.error.message).toMatch(/HTTP 500/);
    }
    fake.clearFailures();
    await fake.exec("ALTER TABLE events RENAME TO events_old", { dataset });
    const gone = await runtime.poll?.(signal);
    expect(gone?.ok).toBe(false);
    if (gone && !gone.ok)
      expect(gone.error.message).toMatch(/Not found: Table my-project:.*events/);

    await fake.exec("ALTER TABLE events_old RENAME TO events", { dataset });
    await seed(6, 7, "2024-03-01 09:00:01+00");
    expect(await runtime.poll?.(signal)).toEqual({ ok: true, value: { deltasPushed: 2 } });
    const all = await accepted();
    expect(all.map((d) => d.rowId).sort()).toEqual(["1", "2", "3", "4", "5", "6", "7"]);
  });

  it("delivers FLOAT64 NaN and ±Infinity as null, which is all JSON can carry", async () => {
    await fake.exec("ALTER TABLE events ADD COLUMN score FLOAT64", { dataset });
    await fake.exec(
      `INSERT INTO events (id, kind, updated_at, score) VALUES
       (1, 'nan', TIMESTAMP '2024-03-01 09:00:00+00', CAST('NaN' AS FLOAT64)),
       (2, 'inf', TIMESTAMP '2024-03-01 09:00:00+00', CAST('Infinity' AS FLOAT64)),
       (3, '-inf', TIMESTAMP '2024-03-01 09:00:00+00', CAST('-Infinity' AS FLOAT64)),
       (4, 'one', TIMESTAMP '2024-03-01 09:00:00+00', 1.5)`,
      { dataset },
    );
    const runtime = await build();
    expect(await runtime.poll?.(signal)).toEqual({ ok: true, value: { deltasPushed: 4 } });
    // As a pull sends them: JSON has no NaN or Infinity.
    const sent = JSON.parse(JSON.stringify((await accepted()).map(deltaToJson))) as RowDelta[];
    const scores = [...merged(sent).entries()].map(([id, row]) => [id, row.score]);
    expect(Object.fromEntries(scores)).toEqual({ "1": null, "2": null, "3": null, "4": 1.5 });
  });

  it("resumes an interrupted initial sync from the saved cursor in a new runtime", async () => {
    await seed(1, 1000, "2024-03-01 09:00:00+00");
    const config = specConfig();
    const small = { ...config, ingest: { ...config.ingest, chunkSize: 100 } } as ConnectorConfig;
    let pushes = 0;
    const push = gateway.push.bind(gateway);
    gateway.push = (msg) =>
      ++pushes > 4
        ? Promise.resolve(Err(new LakeSyncError("INTERNAL", "gateway went away")))
        : push(msg);
    const first = await build(small);
    const interrupted = await first.poll?.(signal);
    expect(interrupted?.ok).toBe(false);
    expect(await accepted()).toHaveLength(400);

    gateway.push = push;
    const second = await build(small);
    expect(await second.poll?.(signal)).toEqual({ ok: true, value: { deltasPushed: 600 } });
    const all = await accepted();
    expect(all).toHaveLength(1000);
    expect(new Set(all.map((d) => d.rowId)).size).toBe(1000);
  });

  it("refuses a register whose table, columns or endpoint are wrong, with BigQuery's message", async () => {
    const cases: [ConnectorConfig, RegExp][] = [
      [
        specConfig({ query: "SELECT * FROM missing_table" }),
        /ingest.tables\[0\].*Not found: Table my-project:.*missing_table/,
      ],
      [specConfig({ cursorColumn: "modified_at" }), /no column "modified_at" \(cursorColumn\)/],
      [
        specConfig({ query: "SELECT kind, updated_at FROM events" }),
        /no column "id" \(rowIdColumn\)/,
      ],
      [specConfig({ query: "SELEC * FROM events" }), /Syntax error/],
    ];
    for (const [config, message] of cases) {
      const result = await bigqueryConnectorFactory(context(config));
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.message).toMatch(message);
    }
    const missingDataset = specConfig();
    const noDataset = {
      ...missingDataset,
      bigquery: { projectId: "my-project", dataset: "no_such_ds", apiEndpoint: fake.url },
    } as ConnectorConfig;
    const refused = await bigqueryConnectorFactory(context(noDataset));
    expect(refused.ok).toBe(false);
    if (!refused.ok)
      expect(refused.error.message).toMatch(/Not found: Dataset my-project:no_such_ds/);

    const guarded = await bigqueryConnectorFactory(
      context(specConfig(), () =>
        Err(new LakeSyncError("INVALID_CONFIG", 'Outbound URL to host "127.0.0.1" is private')),
      ),
    );
    expect(guarded.ok).toBe(false);
    if (!guarded.ok) {
      expect(guarded.error.code).toBe("INVALID_CONFIG");
      expect(guarded.error.message).toMatch(/^bigquery.apiEndpoint: .*private/);
    }
  });

  it("runs its jobs in the configured location, and is refused where the dataset is not", async () => {
    await seed(1, 2, "2024-03-01 09:00:00+00");
    const at = (location: string) => {
      const config = specConfig() as ConnectorConfig & { bigquery: Record<string, unknown> };
      return { ...config, bigquery: { ...config.bigquery, location } } as ConnectorConfig;
    };
    const elsewhere = await bigqueryConnectorFactory(context(at("EU")));
    expect(elsewhere.ok).toBe(false);
    if (!elsewhere.ok) {
      expect(elsewhere.error.message).toContain(
        `Not found: Dataset my-project:${dataset} was not found in location EU`,
      );
    }
    fake.requests.length = 0;
    fake.incompleteAnswers = 1;
    const runtime = await build(at("us"));
    const polled = await runtime.poll?.(signal);
    expect(polled?.ok).toBe(true);
    expect(merged(await accepted()).size).toBe(2);
    const queries = fake.requests.filter((r) => r.method === "POST");
    expect(queries.length).toBeGreaterThan(0);
    for (const r of queries) {
      const body = r.body as { location?: string; jobReference?: { location?: string } };
      expect(body.location ?? body.jobReference?.location).toBe("us");
    }
    // The incomplete job was looked up where it runs.
    const lookups = fake.requests.filter((r) => r.method === "GET" && r.path.includes("/queries/"));
    expect(lookups.length).toBeGreaterThan(0);
    for (const r of lookups) expect(r.query.location).toBe("US");
    await runtime.close();
  });

  it("answers source pulls from the dataset's delta log, or an empty page and a warning", async () => {
    const { bigquery } = specConfig() as { bigquery?: unknown };
    const runtime = await build({ name: "bq", type: "bigquery", bigquery } as ConnectorConfig);
    expect(runtime.poll).toBeUndefined();
    const empty = await runtime.source?.queryDeltasSince(0n, 100);
    expect(empty).toEqual({ ok: true, value: { deltas: [], warnings: [NO_DELTA_LOG_WARNING] } });
  });

  it("stops at once when closed while a poll's query gets no answer", async () => {
    // Dry runs are answered (the register passes); the poll's jobs.query never is.
    const dryRun = {
      kind: "bigquery#job",
      statistics: {
        query: {
          schema: {
            fields: [
              { name: "id", type: "INTEGER" },
              { name: "updated_at", type: "TIMESTAMP" },
            ],
          },
        },
      },
    };
    const hanging = await startLocalServer((req, res) => {
      if (req.url?.endsWith("/jobs")) res.end(JSON.stringify(dryRun));
    });
    const config = specConfig() as ConnectorConfig & { bigquery: Record<string, unknown> };
    const runtime = await build({
      ...config,
      bigquery: { ...config.bigquery, apiEndpoint: hanging.url },
    } as ConnectorConfig);
    const polling = runtime.poll?.(signal);
    while (!hanging.requests.some((r) => r.endsWith("/queries"))) await sleep(10);
    await runtime.close();
    const ended = await Promise.race([polling, sleep(1_000).then(() => "still polling")]);
    expect(ended).toMatchObject({ ok: false });
    expect(hanging.requests.filter((r) => r.endsWith("/queries"))).toHaveLength(1);
    await hanging.stop();
  });

  it("refuses a register within 10 s when the endpoint accepts connections but never answers", async () => {
    const started = Date.now();
    const { result, url, requests } = await registerAgainst(() => {});
    expect(Date.now() - started).toBeLessThan(12_000);
    expect(result).toMatchObject({
      ok: false,
      error: { message: `Cannot reach BigQuery: No answer from ${url} within 10 s` },
    });
    expect(requests).toHaveLength(1);
  }, 20_000);

  it("refuses a register whose endpoint answers an empty body, saying so without code text", async () => {
    const { result } = await registerAgainst((_req, res) => res.end());
    expect(result).toMatchObject({
      ok: false,
      error: {
        message:
          "Cannot reach BigQuery: BigQuery answered an unexpected response to a dry-run jobs.insert: an empty body (HTTP 200)",
      },
    });
  });

  it("refuses a register whose endpoint answers JSON that is not a BigQuery dry run", async () => {
    const answers: [unknown, string][] = [
      [{ status: "ok" }, "no statistics.query"],
      [{ kind: "storage#object", statistics: { query: {} } }, 'kind "storage#object"'],
      [
        { statistics: { query: { schema: { fields: [1] } } } },
        "schema.fields is not a list of fields",
      ],
    ];
    for (const [answer, problem] of answers) {
      const { result } = await registerAgainst((_req, res) => {
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer));
      });
      expect(result).toMatchObject({
        ok: false,
        error: {
          message: `Cannot reach BigQuery: BigQuery answered an unexpected response to a dry-run jobs.insert: ${problem}`,
        },
      });
    }
  });
});

/** Registers a connector without ingest whose apiEndpoint is a local server answering `handle`. */
async function registerAgainst(handle: Parameters<typeof startLocalServer>[0]) {
  const server = await startLocalServer(handle);
  const { bigquery } = specConfig() as { bigquery: Record<string, unknown> };
  const config = {
    name: "bq",
    type: "bigquery",
    bigquery: { ...bigquery, apiEndpoint: server.url },
  };
  const result = await bigqueryConnectorFactory(context(config as ConnectorConfig));
  await server.stop();
  return { result, url: server.url, requests: server.requests };
}
