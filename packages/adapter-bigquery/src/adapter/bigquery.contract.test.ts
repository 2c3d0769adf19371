import { runAdapterContract } from "@lakesync/adapter-postgres/testing";
import { afterAll } from "vitest";
import { fakeBigQueryTarget } from "../testing/targets.js";

// The fake BigQuery (REST API v2) over the test PostgreSQL that `scripts/services.sh start`
// runs; every test fails, none skips, when it is unreachable.
const target = fakeBigQueryTarget();
afterAll(() => target.end());

runAdapterContract("BigQuery (fake)", target);
