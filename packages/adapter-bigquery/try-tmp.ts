import { BigQuery } from "@google-cloud/bigquery";
import { PassThroughClient } from "google-auth-library";
import { FakeBigQuery } from "./src/testing/index.ts";

const fake = await FakeBigQuery.start();
await fake.exec(
  "create schema events_ds; create table events_ds.events (id INT64, name STRING, updated_at TIMESTAMP, meta JSON, ok BOOL)",
);
await fake.exec(
  "insert into events_ds.events values (1, 'a\\'b', TIMESTAMP '2024-01-01 00:00:00.123456+00', JSON '{\"x\":1}', true), (2, null, CURRENT_TIMESTAMP(), null, false)",
);
const bq = new BigQuery({
  projectId: fake.projectId,
  apiEndpoint: fake.url,
  authClient: new PassThroughClient(),
});
fake.incompleteAnswers = 1;
const [rows] = await bq.query({
  query: "SELECT * FROM events WHERE id IN UNNEST(@ids) ORDER BY id",
  params: { ids: [1, 2] },
  defaultDataset: { datasetId: "events_ds" },
});
console.log(rows);
const err = await bq
  .query({ query: "SELECT nope FROM events", defaultDataset: { datasetId: "events_ds" } })
  .catch((e) => e);
console.log(err.code, err.message, JSON.stringify(err.errors));
const err2 = await bq
  .query({ query: "SELECT * FROM missing", defaultDataset: { datasetId: "events_ds" } })
  .catch((e) => e);
console.log(err2.code, err2.message);
await bq
  .dataset("events_ds")
  .table("events")
  .insert([{ id: 3, name: "c" }]);
console.log((await bq.query("select count(*) n from events_ds.events"))[0]);
console.log(
  fake.requests
    .map((r) => `${r.method} ${r.path} ${JSON.stringify(r.query)} auth=${r.authorization}`)
    .join("\n"),
);
await fake.stop();
