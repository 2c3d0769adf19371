import { afterAll, beforeAll } from "vitest";
import { runAdapterContract } from "../testing/adapter-contract.js";
import { runSqlClientContract } from "../testing/sql-client-contract.js";
import { pgliteTestTarget } from "../testing/targets.js";

const target = pgliteTestTarget();
// Opening PGlite (compiling its WebAssembly) takes several seconds on a busy machine.
beforeAll(() => target.ready(), 120_000);
afterAll(() => target.end());

runAdapterContract("PGlite", target);
runSqlClientContract("PGlite", target);
