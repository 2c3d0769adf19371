import { BigQuery } from "@google-cloud/bigquery";
import { PassThroughClient } from "google-auth-library";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeBigQuery } from "./fake-bigquery.js";
import { translate } from "./googlesql.js";

// The fake's wire format, checked with Google's own client library and with raw HTTP.

let fake: FakeBigQuery;
let bigquery: BigQuery;

beforeAll(async () => {
  fake = await FakeBigQuery.start();
  await fake.exec(
    `CREATE SCHEMA shop;
     CREATE TABLE shop.orders (id INT64, note STRING, total NUMERIC, paid BOOL, at TIMESTAMP, tags JSON);
     INSERT INTO shop.orders VALUES
       (1, 'it''s "quoted"\\n', 12.50, true, TIMESTAMP '2024-01-02 03:04:05.678901+00', JSON '{"a":[1,2]}'),
       (2, NULL, NULL, false, NULL, NULL),
       (3, 'three', 3, NULL, TIMESTAMP '1969-12-31 23:59:59.999999+00', JSON 'null')`,
  );
  bigquery = new BigQuery({
    projectId: fake.projectId,
    apiEndpoint: fake.url,
    authClient: new PassThroughClient(),
  });
}, 60_000);
afterAll(() => fake?.stop());

async function post(path: string, body: unknown) {
  const res = await fetch(`${fake.url}/bigquery/v2/projects/${fake.projectId}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("FakeBigQuery", () => {
  it("answers the client library's query with typed rows, named and array parameters", async () => {
    const [rows] = await bigquery.query({
      query:
        "SELECT id, note, total, paid, at FROM orders WHERE id IN UNNEST(@ids) AND id >= @min ORDER BY id",
      params: { ids: [1, 3], min: 1 },
      defaultDataset: { datasetId: "shop" },
    });
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ id: 1, note: 'it\'s "quoted"\n', paid: true });
    expect(rows[0].at.value).toBe("2024-01-02T03:04:05.678901000Z");
    expect(rows[1]).toMatchObject({ id: 3, note: "three", paid: null });
  });

  it("speaks jobs.query and getQueryResults: REST rows, jobComplete false, pageToken", async () => {
    fake.incompleteAnswers = 1;
    const first = await post("/queries", {
      query: "SELECT id, at, tags FROM shop.orders ORDER BY id",
      useLegacySql: false,
      maxResults: 2,
      formatOptions: { useInt64Timestamp: true },
    });
    fake.incompleteAnswers = 0;
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ kind: "bigquery#queryResponse", jobComplete: false });
    const job = (first.body.jobReference as { jobId: string }).jobId;
    const results = `${fake.url}/bigquery/v2/projects/${fake.projectId}/queries/${job}`;
    const page1 = (await (
      await fetch(`${results}?maxResults=2&formatOptions.useInt64Timestamp=true`)
    ).json()) as Record<string, unknown>;
    expect(page1).toMatchObject({
      jobComplete: true,
      totalRows: "3",
      schema: {
        fields: [
          { name: "id", type: "INTEGER", mode: "NULLABLE" },
          { name: "at", type: "TIMESTAMP", mode: "NULLABLE" },
          { name: "tags", type: "JSON", mode: "NULLABLE" },
        ],
      },
      rows: [
        { f: [{ v: "1" }, { v: "1704164645678901" }, { v: '{"a": [1, 2]}' }] },
        { f: [{ v: "2" }, { v: null }, { v: null }] },
      ],
    });
    expect(typeof page1.pageToken).toBe("string");
    const page2 = (await (
      await fetch(
        `${results}?maxResults=2&formatOptions.useInt64Timestamp=true&pageToken=${page1.pageToken}`,
      )
    ).json()) as Record<string, unknown>;
    // One microsecond before the epoch.
    expect(page2.rows).toEqual([{ f: [{ v: "3" }, { v: "-1" }, { v: "null" }] }]);
    expect(page2.pageToken).toBeUndefined();
  });

  it("answers errors in BigQuery's body: invalid query, missing table and dataset, unknown job", async () => {
    const bad = await post("/queries", {
      query: "SELECT nope FROM shop.orders",
      useLegacySql: false,
    });
    expect(bad).toEqual({
      status: 400,
      body: {
        error: {
          code: 400,
          message: "Unrecognized name: nope",
          errors: [
            { message: "Unrecognized name: nope", domain: "global", reason: "invalidQuery" },
          ],
          status: "INVALID_ARGUMENT",
        },
      },
    });
    const missing = await post("/queries", {
      query: "SELECT * FROM missing",
      useLegacySql: false,
      defaultDataset: { datasetId: "shop" },
    });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({
      error: {
        code: 404,
        message: "Not found: Table my-project:shop.missing was not found in location US",
      },
    });
    const noDataset = await post("/queries", {
      query: "SELECT 1",
      useLegacySql: false,
      defaultDataset: { datasetId: "nowhere" },
    });
    expect(noDataset.body).toMatchObject({
      error: { code: 404, errors: [{ reason: "notFound" }] },
    });
    const job = await fetch(
      `${fake.url}/bigquery/v2/projects/${fake.projectId}/queries/job_unknown`,
    );
    expect(job.status).toBe(404);
    const other = await fetch(`${fake.url}/bigquery/v2/projects/someone-else/queries`, {
      method: "POST",
      body: "{}",
    });
    expect(other.status).toBe(403);
  });

  it("dry-runs a query job: its schema, no rows, nothing run", async () => {
    const dry = await post("/jobs", {
      configuration: {
        dryRun: true,
        query: {
          query: "DELETE FROM orders WHERE true; SELECT id, note FROM orders",
          defaultDataset: { datasetId: "shop" },
        },
      },
    });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({
      status: { state: "DONE" },
      statistics: { query: { schema: { fields: [{ name: "id" }, { name: "note" }] } } },
    });
    expect(await fake.exec("SELECT count(*) FROM shop.orders")).toEqual([["3"]]);
  });

  it("streams insertAll rows, de-duplicated by insertId, and refuses unknown fields", async () => {
    await fake.exec("CREATE TABLE shop.events (id INT64, kind STRING)");
    const table = bigquery.dataset("shop").table("events");
    await table.insert([{ insertId: "a", json: { id: 1, kind: "x" } }], { raw: true });
    await table.insert([{ insertId: "a", json: { id: 1, kind: "x" } }], { raw: true });
    expect(await fake.exec("SELECT id, kind FROM shop.events")).toEqual([["1", "x"]]);
    const refused = await post("/datasets/shop/tables/events/insertAll", {
      rows: [{ json: { id: 2, colour: "red" } }, { json: { id: 3 } }],
    });
    expect(refused.body).toMatchObject({
      insertErrors: [
        { index: 0, errors: [{ reason: "invalid", message: "no such field: colour." }] },
        { index: 1, errors: [{ reason: "stopped" }] },
      ],
    });
    expect(await fake.exec("SELECT count(*) FROM shop.events")).toEqual([["1"]]);
  });

  it("fails on demand with the status, headers and body asked for", async () => {
    fake.fail({ match: /queries$/, status: 429, headers: { "retry-after": "1" } });
    const res = await fetch(`${fake.url}/bigquery/v2/projects/${fake.projectId}/queries`, {
      method: "POST",
      body: "{}",
    });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("1");
    expect(await res.json()).toMatchObject({
      error: { code: 429, errors: [{ reason: "rateLimitExceeded" }] },
    });
  });
});

describe("translate (GoogleSQL → PostgreSQL)", () => {
  it("maps paths, parameters, literals, types and scripts", () => {
    const [begin, create, select, commit] = translate(
      `BEGIN TRANSACTION;
       CREATE TABLE IF NOT EXISTS \`my-project.ds.t\` (a STRING, b INT64, c TIMESTAMP);
       SELECT * FROM \`my-project\`.ds.t WHERE a IN UNNEST(@xs) AND b > @n AND c < CURRENT_TIMESTAMP() AND a != "x\\"y" -- note
       ;COMMIT TRANSACTION`,
      [
        {
          name: "xs",
          parameterType: { type: "ARRAY", arrayType: { type: "STRING" } },
          parameterValue: { arrayValues: [{ value: "p" }] },
        },
        { name: "n", parameterType: { type: "INT64" }, parameterValue: { value: "5" } },
      ],
      "my-project",
    );
    expect(begin?.text).toBe("BEGIN");
    expect(create?.text).toBe(
      'CREATE TABLE IF NOT EXISTS "ds"."t" (a text, b bigint, c timestamptz)',
    );
    expect(select?.text).toBe(
      `SELECT * FROM ds.t WHERE a = ANY(($1::text[])) AND b > ($2::bigint) AND c < CURRENT_TIMESTAMP AND a != 'x"y'`,
    );
    expect(select?.params).toEqual([["p"], "5"]);
    expect(commit?.text).toBe("COMMIT");
  });

  it("refuses a parameter the request does not carry", () => {
    expect(() => translate("SELECT @missing", [], "p")).toThrow(
      /Query parameter 'missing' not found/,
    );
  });
});
