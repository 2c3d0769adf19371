// Salesforce poller benchmark: RECORDS records (default 50,000, a quarter per entity) served by
// the fake Salesforce (queryAll, 2,000 per page, no injected latency), one full poll in chunks
// of 500 into a target that drops what it gets, so the numbers are the poller's own:
// records/s, peak RSS (sampled at every chunk and every 10 ms; it includes the garbage of the
// in-process fake, which serialises every page to JSON) and the heap retained after a full GC
// (flat: what the poller keeps does not grow with RECORDS).
//   bun packages/connector-salesforce/bench/poller.ts [--records=50000] [--page=2000]
import type { PushMessage } from "@lakesync/core";
import { arg, count, perSecond, RssSampler, settledHeap, target } from "../../../bench/measure.js";
import { SALESFORCE_ENTITIES } from "../src/entities.js";
import { createSalesforcePoller } from "../src/poller/salesforce-poller.js";
import { FakeSalesforce } from "../src/testing/fake-salesforce.js";
import { fakeConfig, MemoryStateStore } from "../src/testing/harness.js";

const RECORDS = Number(arg("records") ?? 50_000);
const PAGE = Number(arg("page") ?? 2000);
const MB = 1024 * 1024;
/** Targets: throughput against the in-process fake, and memory that does not grow with RECORDS. */
const MIN_RECORDS_PER_SEC = 10_000;
const MAX_RETAINED_MB = 16;
const MAX_PEAK_GROWTH_MB = 200;

const fake = new FakeSalesforce({ pageSize: PAGE });
const bob = fake.addUser("Bob Sales");
const t0 = Date.parse("2024-01-01T00:00:00Z");
for (let n = 0; n < RECORDS; n++) {
  const entity = SALESFORCE_ENTITIES[n % SALESFORCE_ENTITIES.length];
  if (!entity) continue;
  fake.put(entity.sobject, {
    Name: `Record ${n}`,
    FirstName: "Ada",
    LastName: `Lovelace ${n}`,
    Email: `ada${n}@example.com`,
    Phone: "+1 555 0100",
    Company: "Analytical Engines",
    StageName: "Prospecting",
    Amount: n * 10,
    OwnerId: bob,
    LastModifiedDate: t0 + Math.floor(n / 4) * 1000,
  });
}

const heapBefore = settledHeap() / MB;
const rss = new RssSampler();
rss.reset();
const baseRssMb = process.memoryUsage().rss / MB;
let pushed = 0;
let hlc = 0n;
const sink = {
  async push(msg: PushMessage) {
    pushed += msg.deltas.length;
    // The in-process fake never yields to timers, so RSS is also sampled at every chunk.
    rss.sample();
    hlc += 1n;
    return { ok: true as const, value: { serverHlc: hlc, accepted: msg.deltas.length } };
  },
};
const poller = createSalesforcePoller({
  config: fakeConfig(fake),
  target: sink,
  state: new MemoryStateStore(),
  clientId: "ingest:sf-bench",
  fetch: fake.fetch,
  chunkSize: 500,
});

const sampler = setInterval(() => rss.sample(), 10);
const start = performance.now();
const result = await poller.poll();
const ms = performance.now() - start;
clearInterval(sampler);
if (!result.ok) throw result.error;
const peakMb = rss.peakMb;
const heapAfter = settledHeap() / MB;
const rate = (RECORDS / ms) * 1000;
console.log(
  `salesforce poller: ${count(RECORDS)} records, ${count(pushed)} deltas in ${ms.toFixed(0)} ms = ` +
    `${perSecond(RECORDS, ms)} records/s; RSS ${baseRssMb.toFixed(0)} MB before, ` +
    `peak ${peakMb.toFixed(0)} MB (+${(peakMb - baseRssMb).toFixed(0)} MB)`,
);
console.log(
  `heap after GC: ${heapBefore.toFixed(1)} MB before the poll (fake data included), ${heapAfter.toFixed(1)} MB after`,
);
let ok = target("salesforce poller delivered every record", pushed === RECORDS, count(pushed));
ok =
  target(
    `salesforce poller >= ${count(MIN_RECORDS_PER_SEC)} records/s`,
    rate >= MIN_RECORDS_PER_SEC,
    `${count(rate)}/s`,
  ) && ok;
ok =
  target(
    `salesforce poller retained heap <= ${MAX_RETAINED_MB} MB`,
    heapAfter - heapBefore <= MAX_RETAINED_MB,
    `${(heapAfter - heapBefore).toFixed(1)} MB`,
  ) && ok;
ok =
  target(
    `salesforce poller peak RSS growth <= ${MAX_PEAK_GROWTH_MB} MB`,
    peakMb - baseRssMb <= MAX_PEAK_GROWTH_MB,
    `${(peakMb - baseRssMb).toFixed(0)} MB`,
  ) && ok;
if (!ok) process.exitCode = 1;
