// `bun run bench` (from the repository root): each section runs in its own process, so that
// every peak RSS is that section's own. Pass `-- --rows=100000` for a quick run.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { count, ROWS } from "./measure.js";

interface Section {
  readonly file: string;
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}

const sections: readonly Section[] = [
  { file: "gateway.ts" },
  { file: "../packages/connector-jira/bench/poller.ts" },
  { file: "../packages/connector-salesforce/bench/poller.ts" },
  { file: "diff-engine.ts" },
  { file: "chunked-pusher.ts", args: ["--mode=buffer"] },
  { file: "chunked-pusher.ts", args: ["--mode=drop"] },
  // The same buffering run with JavaScriptCore told it has 128 MB of RAM, as in a Workers
  // isolate or a small container: its GC then collects before garbage piles up.
  {
    file: "chunked-pusher.ts",
    args: ["--mode=buffer"],
    env: { BUN_JSC_forceRAMSize: String(128 * 1024 * 1024) },
  },
  // What a flush persists per second: the embedded PGlite, PostgreSQL and MariaDB stores.
  { file: "store-write.ts" },
  // Database ingest (cursor poller and diff poll into a SyncGateway) against the bare driver's
  // read of the same table; each seeds its tables, runs its parts in child processes and drops
  // them. Skipped (exit 0) when that database is not reachable.
  { file: "ingest.ts", args: ["--db=postgres"] },
  { file: "ingest.ts", args: ["--db=mysql"] },
  // The same with the JS engine sized for 128 MB of RAM, as the pusher's third run: where the
  // peak RSS at 1M rows against 100k is judged.
  {
    file: "ingest.ts",
    args: ["--db=postgres"],
    env: { BUN_JSC_forceRAMSize: String(128 * 1024 * 1024) },
  },
  {
    file: "ingest.ts",
    args: ["--db=mysql"],
    env: { BUN_JSC_forceRAMSize: String(128 * 1024 * 1024) },
  },
];

const runtime = process.versions.bun ? `Bun ${process.versions.bun}` : `Node ${process.version}`;
console.log(`LakeSync benchmarks: ${count(ROWS)} synthetic rows for ingest sections, ${runtime}`);
let failed = 0;
for (const section of sections) {
  const file = fileURLToPath(new URL(section.file, import.meta.url));
  // Workspace packages run from source, so the benchmarks never measure a stale build.
  const runtimeArgs = ["--conditions=@lakesync/source", file, `--rows=${ROWS}`];
  const run = spawnSync(process.execPath, [...runtimeArgs, ...(section.args ?? [])], {
    stdio: "inherit",
    env: { ...process.env, ...section.env },
  });
  if (run.status !== 0) failed += 1;
}
if (failed > 0) {
  console.log(`${failed} section(s) missed a target or failed`);
  process.exitCode = 1;
}
