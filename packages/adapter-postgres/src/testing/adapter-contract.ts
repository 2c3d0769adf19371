import { afterEach, beforeEach, describe } from "vitest";
import { deltaLogContract } from "./contract/delta-log.js";
import { mergedRowsContract } from "./contract/merged-rows.js";
import { secretsContract } from "./contract/secrets.js";
import { sourcePullContract } from "./contract/source-pull.js";
import { typedTablesContract } from "./contract/typed-tables.js";
import type { AdapterContractTarget, ContractDatabase } from "./contract/types.js";

export type {
  AdapterContractTarget,
  ContractAdapter,
  ContractDatabase,
} from "./contract/types.js";

/**
 * The behaviour every LakeSync database adapter shares: the delta log (order, paging,
 * idempotency, isolation per gateway id, no log), merged rows (column-level LWW), typed
 * tables (create, widen, upsert, delete), large batches, value round trips, clean errors, and
 * `?source=` pulls of the log through the gateway's HTTP route.
 * Each test gets a fresh database from the target.
 * @example runAdapterContract("PostgreSQL", pgTestTarget())
 */
export function runAdapterContract(name: string, target: AdapterContractTarget): void {
  describe(`${name}: adapter contract`, () => {
    let current: ContractDatabase | undefined;
    const db = (): ContractDatabase => {
      if (!current) throw new Error("No test database: freshDatabase() failed");
      return current;
    };
    beforeEach(async () => {
      current = await target.freshDatabase();
    });
    afterEach(async () => {
      await current?.dispose();
      current = undefined;
    });

    deltaLogContract(db);
    mergedRowsContract(db);
    typedTablesContract(db, target.longestName ?? 63);
    sourcePullContract(db);
    if (target.badCredentials) secretsContract(target.badCredentials);
  });
}
