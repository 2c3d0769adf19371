import { afterAll } from "vitest";
import { runAdapterContract } from "../testing/adapter-contract.js";
import { runSqlClientContract } from "../testing/sql-client-contract.js";
import { pgTestTarget } from "../testing/targets.js";

// Real PostgreSQL (LAKESYNC_TEST_PG_URL, default the one `scripts/services.sh start` runs).
// Every test fails, none skips, when it is unreachable.
const target = pgTestTarget();
afterAll(() => target.end());

runAdapterContract("PostgreSQL", target);
runSqlClientContract("postgres.js", target);
