import type { AdapterContractTarget, ContractDatabase } from "@lakesync/adapter-postgres/testing";
import { BigQueryAdapter } from "../adapter/bigquery-adapter.js";
import { BigQueryRest } from "../client/bigquery-rest.js";
import { decodeRows } from "../client/decode-rows.js";
import { param } from "../client/query-parameters.js";
import { FakeBigQuery } from "./fake/fake-bigquery.js";

/** The adapter contract's target: a fresh dataset of one fake BigQuery per test. */
export function fakeBigQueryTarget(): AdapterContractTarget & { end(): Promise<void> } {
  let started: Promise<FakeBigQuery> | null = null;
  const fake = () => {
    started ??= FakeBigQuery.start();
    return started;
  };
  return {
    async freshDatabase(): Promise<ContractDatabase> {
      const f = await fake();
      const dataset = `ds_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
      await f.exec(`CREATE SCHEMA ${dataset}`);
      const client = () =>
        new BigQueryRest({ projectId: f.projectId, dataset, apiEndpoint: f.url });
      return {
        adapter: (gatewayId) => new BigQueryAdapter({ client: client(), gatewayId }),
        async typedRows(table, gatewayId) {
          const { fields, rows } = await client().run(
            `SELECT * FROM \`${table}\` WHERE gateway_id = @gw`,
            { params: [param("gw", "STRING", gatewayId)] },
          );
          const timestamps = fields.filter((f) => f.type === "TIMESTAMP").map((f) => f.name);
          return decodeRows(fields, rows)
            .map(({ gateway_id: _, ...rest }) => {
              const row: Record<string, unknown> = { ...rest };
              for (const name of timestamps) {
                if (typeof row[name] === "string") row[name] = new Date(row[name] as string);
              }
              return row;
            })
            .sort((a, b) => (String(a.row_id) < String(b.row_id) ? -1 : 1));
        },
        async exec(sql) {
          await f.exec(sql, { dataset });
        },
        async dispose() {
          await f.exec(`DROP SCHEMA ${dataset} CASCADE`);
        },
      };
    },
    async end() {
      if (started) await (await started).stop();
    },
  };
}
