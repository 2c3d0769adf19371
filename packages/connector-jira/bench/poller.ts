// Jira poller benchmark: ISSUES issues (default 50,000) served by the fake Jira Cloud (no
// injected latency), one full poll in chunks of 500 into a target that drops what it gets, so
// the numbers are the poller's own: issues/s, peak RSS (sampled at every chunk and every 10 ms;
// it includes the garbage of the in-process fake, which re-reads every issue for each page) and
// the heap retained after a full GC (flat: what the poller keeps does not grow with ISSUES).
//   bun packages/connector-jira/bench/poller.ts [--issues=50000] [--page=1000]
import type { PushMessage } from "@lakesync/core";
import { createJiraPoller } from "../src/poller/jira-poller.js";
import { FakeJira } from "../src/testing/fake-jira.js";
import { MemoryStateStore } from "../src/testing/harness.js";

const flag = process.argv.find((a) => a.startsWith("--issues="));
const ISSUES = flag ? Number(flag.slice("--issues=".length)) : 50_000;
const MB = 1024 * 1024;
const pageFlag = process.argv.find((a) => a.startsWith("--page="));
const PAGE = pageFlag ? Number(pageFlag.slice("--page=".length)) : 1000;

const fake = new FakeJira({ searchPageCap: PAGE });
const t0 = Date.parse("2024-01-01T00:00:00Z");
for (let n = 1; n <= ISSUES; n++) {
  fake.putIssue({ key: `BENCH-${n}`, updated: t0 + n * 1000, labels: ["bench"], assignee: "Ada" });
}
const gc = (globalThis as { Bun?: { gc(force: boolean): void } }).Bun?.gc;
const settledHeapMb = () => {
  gc?.(true);
  return process.memoryUsage().heapUsed / MB;
};
const heapBefore = settledHeapMb();
const baseRss = process.memoryUsage().rss;
let peakRss = baseRss;
let pushed = 0;
let hlc = 0n;
const target = {
  async push(msg: PushMessage) {
    pushed += msg.deltas.length;
    // The in-process fake never yields to timers, so RSS is also sampled at every chunk.
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    hlc += 1n;
    return { ok: true as const, value: { serverHlc: hlc, accepted: msg.deltas.length } };
  },
};
const poller = createJiraPoller({
  config: {
    domain: "bench",
    email: fake.email,
    apiToken: fake.apiToken,
    includeComments: false,
    includeProjects: false,
    baseUrl: "https://bench.atlassian.net",
  },
  target,
  state: new MemoryStateStore(),
  clientId: "ingest:jira-bench",
  fetch: fake.fetch,
  chunkSize: 500,
  pageSize: PAGE,
});

const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 10);
const start = performance.now();
const result = await poller.poll();
const ms = performance.now() - start;
clearInterval(sampler);
if (!result.ok) throw result.error;
console.log(
  `jira poller: ${ISSUES} issues, ${pushed} deltas in ${ms.toFixed(0)} ms = ` +
    `${Math.round((ISSUES / ms) * 1000)} issues/s; RSS ${(baseRss / MB).toFixed(0)} MB before, ` +
    `peak ${(peakRss / MB).toFixed(0)} MB (+${((peakRss - baseRss) / MB).toFixed(0)} MB)`,
);
console.log(
  `heap after GC: ${heapBefore.toFixed(1)} MB before the poll (fake data included), ` +
    `${settledHeapMb().toFixed(1)} MB after`,
);
