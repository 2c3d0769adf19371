// Gateway benchmark: 200,000 deltas of 10 columns pushed in batches of 500 into a SyncGateway
// in-process, then pulled back in pages by a client whose claims a 3-bucket rule set filters.
// Deltas are built before the clock starts: this measures the gateway, not delta creation.
import { encodeHlc, makeDelta, type RowDelta, type SyncRules } from "../packages/core/src/index.js";
import { SyncGateway } from "../packages/gateway/src/index.js";
import { arg, count, label, now, perSecond, RssSampler, target } from "./measure.js";

const DELTAS = Number(arg("deltas") ?? 200_000);
const BATCH = 500;
const TEAMS = ["eng", "ops", "sales", "support"];

const rules: SyncRules = {
  buckets: [
    {
      name: "my-team",
      tables: ["issues"],
      filters: [{ column: "team", op: "eq", value: "jwt:team" }],
    },
    {
      name: "hot",
      tables: ["issues"],
      filters: [
        { column: "status", op: "in", value: ["open", "blocked"] },
        { column: "priority", op: "gte", value: 4 },
      ],
    },
    { name: "projects", tables: ["projects"], filters: [] },
  ],
};

function build(n: number): RowDelta[] {
  const wall = Date.now() - 60_000;
  const deltas: RowDelta[] = [];
  for (let i = 0; i < n; i++) {
    const columns = [
      { column: "team", value: TEAMS[i % TEAMS.length] },
      { column: "status", value: i % 3 === 0 ? "open" : i % 3 === 1 ? "blocked" : "done" },
      { column: "priority", value: i % 5 },
      { column: "title", value: `Issue number ${i}` },
      { column: "assignee", value: `user-${i % 97}` },
      { column: "points", value: (i % 13) + 0.5 },
      { column: "done", value: i % 2 === 0 },
      { column: "labels", value: ["a", "b"] },
      { column: "created", value: new Date(wall + i).toISOString() },
      { column: "rank", value: i },
    ];
    deltas.push(
      makeDelta(
        { op: "INSERT", table: "issues", rowId: `I-${i}`, columns },
        "bench",
        encodeHlc(wall, i % 65_536),
      ),
    );
  }
  return deltas;
}

const deltas = build(DELTAS);
const rss = new RssSampler();
rss.reset();
const gateway = new SyncGateway({ gatewayId: "bench", maxBufferBytes: 2 * 1024 ** 3 });
gateway.setSyncRules(rules);

let started = now();
for (let i = 0; i < deltas.length; i += BATCH) {
  const pushed = await gateway.push({
    clientId: "bench",
    deltas: deltas.slice(i, i + BATCH),
    lastSeenHlc: 0n,
  });
  if (!pushed.ok) throw pushed.error;
  if ((i / BATCH) % 40 === 0) rss.sample();
}
const pushMs = now() - started;
console.log(
  `${label("gateway.push")}${count(DELTAS)} deltas  ${perSecond(DELTAS, pushMs)} deltas/s  batches of ${BATCH}  peak RSS ${rss.peakMb.toFixed(0)} MB`,
);

started = now();
let since = 0n;
let pulled = 0;
for (;;) {
  const page = await gateway.pull({
    since,
    clientId: "reader",
    limit: 10_000,
    claims: { sub: "u", team: "eng" },
  });
  if (!page.ok) throw page.error;
  pulled += page.value.deltas.length;
  since = page.value.serverHlc;
  if (!page.value.hasMore) break;
}
const pullMs = now() - started;
console.log(
  `${label("gateway.pull")}${count(DELTAS)} deltas scanned, ${count(pulled)} admitted by 3 buckets  ${perSecond(DELTAS, pullMs)} deltas/s  peak RSS ${rss.peakMb.toFixed(0)} MB`,
);

// Expected admits: team eng (every 4th) or (open|blocked and priority >= 4).
const expected = deltas.filter((_, i) => i % 4 === 0 || (i % 3 !== 2 && i % 5 >= 4)).length;
let ok = target(
  "pull admitted exactly the rule set's rows",
  pulled === expected,
  `${count(pulled)}/${count(expected)}`,
);
ok =
  target(
    "push >= 150,000 deltas/s",
    (DELTAS / pushMs) * 1000 >= 150_000,
    perSecond(DELTAS, pushMs),
  ) && ok;
ok =
  target(
    "pull >= 300,000 deltas/s",
    (DELTAS / pullMs) * 1000 >= 300_000,
    perSecond(DELTAS, pullMs),
  ) && ok;
if (!ok) process.exitCode = 1;
