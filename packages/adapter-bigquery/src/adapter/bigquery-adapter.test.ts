import { type LoggedDelta, makeDelta, sleep } from "@lakesync/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BigQueryRest } from "../client/bigquery-rest.js";
import { FakeBigQuery } from "../testing/fake/fake-bigquery.js";
import { startLocalServer } from "../testing/local-server.js";
import { BigQueryAdapter } from "./bigquery-adapter.js";

// Behaviour of the BigQuery store beyond the shared adapter contract, against the fake.

let fake: FakeBigQuery;
beforeAll(async () => {
  fake = await FakeBigQuery.start();
}, 60_000);
afterAll(() => fake?.stop());

/** `count` deltas on 200 rows, positions 1..count. */
function entries(count: number): LoggedDelta[] {
  return Array.from({ length: count }, (_, i) => ({
    position: BigInt(i + 1),
    delta: makeDelta(
      {
        op: "INSERT",
        table: "events",
        rowId: String(i % 200),
        columns: [
          { column: "n", value: i },
          { column: "kind", value: `kind ${i % 7}` },
        ],
      },
      "app-1",
      (BigInt(1_700_000_000_000 + i) << 16n) | 1n,
    ),
  }));
}

async function count(dataset: string, table: string): Promise<number> {
  const [[n]] = (await fake.exec(`SELECT COUNT(*) FROM ${table}`, { dataset })) as [[string]];
  return Number(n);
}

describe("BigQueryAdapter", () => {
  it("completes a batch that failed in a later transaction, without duplicates, when retried", async () => {
    const dataset = `ds_mid_${Math.random().toString(36).slice(2, 8)}`;
    await fake.exec(`CREATE SCHEMA ${dataset}`);
    const adapter = new BigQueryAdapter({
      client: new BigQueryRest({ projectId: fake.projectId, dataset, apiEndpoint: fake.url }),
      gatewayId: "gw",
    });
    const batch = entries(3000);
    const last = batch.at(-1)?.delta.deltaId as string;
    // The transaction holding the last delta is refused; those before it commit.
    fake.fail({ match: /\/queries$/, bodyMatch: new RegExp(last), status: 400 });
    fake.requests.length = 0;
    const failed = await adapter.insertDeltas(batch);
    expect(failed.ok).toBe(false);
    const scripts = fake.requests.filter((r) => JSON.stringify(r.body).includes("lakesync_deltas"));
    const written = await count(dataset, "lakesync_deltas");
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(3000);
    expect(scripts.length).toBeGreaterThan(2);

    expect(await adapter.insertDeltas(batch)).toEqual({ ok: true, value: undefined });
    expect(await count(dataset, "lakesync_deltas")).toBe(3000);
    expect(await count(dataset, "lakesync_rows")).toBe(200);
    const page = await adapter.queryDeltasSince(0n, 5000);
    if (!page.ok) throw page.error;
    // In position order as numbers: 2 before 10 (the text of a position sorts 10 first).
    const got = page.value.deltas.map((e) => e.position);
    const want = batch.map((e) => e.position);
    expect(got).toEqual(want);
    // Every row holds its last write: delta i wrote n = i on row i % 200.
    const row = await adapter.readRow("events", "7");
    expect(row?.ok && row.value).toEqual({ n: 2807, kind: `kind ${2807 % 7}` });
    await adapter.close();
  });

  it("ends a pull at once, with an error, when closed while BigQuery does not answer", async () => {
    const silent = await startLocalServer(() => {});
    const client = new BigQueryRest({ projectId: "p", dataset: "d", apiEndpoint: silent.url });
    const adapter = new BigQueryAdapter({ client, gatewayId: "gw" });
    const pulling = adapter.queryDeltasSince(0n, 10);
    while (silent.requests.length === 0) await sleep(10);
    await adapter.close();
    const ended = await Promise.race([pulling, sleep(1_000).then(() => "still pulling")]);
    expect(ended).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/cancelled/) },
    });
    expect(silent.requests).toHaveLength(1);
    await silent.stop();
  });
});
