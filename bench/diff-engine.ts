// Diff engine benchmark: a first cycle over ROWS new rows (all INSERTs), then a second with
// ~1% of rows updated and ~0.5% deleted. Rows come from an async generator, never an array.
import type { Row } from "../packages/core/src/delta/index.js";
import { DiffSnapshot } from "../packages/core/src/ingest/index.js";
import {
  count,
  kernelPeakRssMb,
  label,
  now,
  perSecond,
  ROWS,
  RssSampler,
  settledHeap,
  target,
} from "./measure.js";

const STATUSES = ["open", "in_progress", "blocked", "done"] as const;
const BASE_MS = Date.UTC(2024, 0, 1);

/** Cycle 1: every row. Cycle 2: rows i % 200 === 3 gone, rows i % 100 === 7 changed. */
async function* rows(cycle: 1 | 2): AsyncGenerator<Row> {
  for (let i = 0; i < ROWS; i++) {
    if (cycle === 2 && i % 200 === 3) continue;
    const changed = cycle === 2 && i % 100 === 7;
    yield {
      id: i,
      name: `customer ${i}`,
      status: STATUSES[i % 4],
      amount: (i % 10_000) / 4 + (changed ? 1 : 0),
      updated_at: new Date(BASE_MS + i * 1000).toISOString(),
    };
  }
}

export async function benchDiffEngine(): Promise<boolean> {
  const rss = new RssSampler();
  const heapBefore = settledHeap();
  const snapshot = new DiffSnapshot({ table: "customers", rowIdColumn: "id" });

  // Cycle 1: all inserts.
  rss.reset();
  let started = now();
  let inserts = 0;
  {
    const cycle = snapshot.begin();
    let n = 0;
    for await (const row of rows(1)) {
      if (cycle.observe(row)?.op === "INSERT") inserts += 1;
      if (++n % 10_000 === 0) rss.sample();
    }
    cycle.commit();
  }
  let ms = now() - started;
  const insertPeak = rss.peakMb;
  const heapAfter = settledHeap();
  const bytesPerRow = (heapAfter - heapBefore) / snapshot.size;
  const arrayBytesPerRow = snapshot.byteLength / snapshot.size;
  console.log(
    `${label("diff.insert")}${count(ROWS)} rows  ${perSecond(ROWS, ms)} rows/s  ` +
      `peak RSS ${insertPeak.toFixed(0)} MB  snapshot ${bytesPerRow.toFixed(1)} B/row ` +
      `(heap delta after GC; typed arrays ${arrayBytesPerRow.toFixed(1)} B/row)  inserts ${count(inserts)}`,
  );

  // Cycle 2: ~1% updates, ~0.5% deletes.
  rss.reset();
  started = now();
  let updates = 0;
  let deletes = 0;
  let seen = 0;
  {
    const cycle = snapshot.begin();
    for await (const row of rows(2)) {
      if (cycle.observe(row)?.op === "UPDATE") updates += 1;
      if (++seen % 10_000 === 0) rss.sample();
    }
    for (const _ of cycle.deletions()) deletes += 1;
    cycle.commit();
  }
  ms = now() - started;
  console.log(
    `${label("diff.update")}${count(seen)} rows  ${perSecond(seen, ms)} rows/s  ` +
      `peak RSS ${rss.peakMb.toFixed(0)} MB  updates ${count(updates)}  deletes ${count(deletes)}  ` +
      `snapshot ${count(snapshot.size)} rows`,
  );

  // Persisting: bytes and a round trip.
  started = now();
  const bytes = snapshot.toBytes();
  const encodeMs = now() - started;
  started = now();
  const restored = DiffSnapshot.fromBytes(bytes);
  const decodeMs = now() - started;
  console.log(
    `${label("diff.persist")}${count(bytes.length)} bytes  ${(bytes.length / snapshot.size).toFixed(1)} B/row  ` +
      `toBytes ${encodeMs.toFixed(0)} ms  fromBytes ${decodeMs.toFixed(0)} ms  ` +
      `restored ${restored.ok ? count(restored.value.size) : "FAILED"} rows`,
  );

  const correct = inserts === ROWS && updates === ROWS / 100 && deletes === ROWS / 200;
  const kernelPeak = kernelPeakRssMb();
  if (kernelPeak !== null) console.log(`  process peak RSS (VmHWM) ${kernelPeak.toFixed(0)} MB`);
  return (
    target("diff snapshot <= 100 B/row", bytesPerRow <= 100, `${bytesPerRow.toFixed(1)} B/row`) &&
    target(
      "diff change counts",
      correct,
      `${count(inserts)}/${count(updates)}/${count(deletes)}`,
    ) &&
    restored.ok
  );
}

if (import.meta.main) {
  const ok = await benchDiffEngine();
  if (!ok) process.exitCode = 1;
}
