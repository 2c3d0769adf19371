import { describe, expect, it } from "vitest";
import { makeDelta, type Row } from "../delta/index.js";
import { LakeSyncError } from "../errors/index.js";
import { Err, Ok } from "../result/index.js";
import type { PushTarget } from "../targets/index.js";
import { createChunkedPusher } from "./chunked-pusher.js";
import {
  type CursorPosition,
  compareCursorPositions,
  compareCursorValues,
} from "./cursor-compare.js";
import {
  type CursorChange,
  CursorScan,
  type CursorScanOptions,
  cursorChanges,
} from "./cursor-engine.js";

const options = (after: CursorPosition | null): CursorScanOptions => ({
  table: "events",
  rowIdColumn: "id",
  cursorColumn: "updated_at",
  after,
});

async function collect(
  rows: Iterable<Row> | AsyncIterable<Row>,
  opts: CursorScanOptions,
): Promise<CursorChange[]> {
  const out: CursorChange[] = [];
  for await (const c of cursorChanges(rows, opts)) out.push(c);
  return out;
}

async function* stream(rows: Row[]): AsyncGenerator<Row> {
  for (const row of rows) yield row;
}

const ids = (changes: CursorChange[]) => changes.map((c) => c.change.rowId);

const V = "2024-01-02 10:00:00.000001+00";

describe("cursorChanges", () => {
  it("yields every row on the first poll as an INSERT of all columns", async () => {
    const rows = [
      { id: 1, updated_at: V, title: "a", meta: { x: 1 } },
      { id: 2, updated_at: V, title: null, meta: null },
    ];
    const changes = await collect(stream(rows), options(null));
    expect(changes.map((c) => c.change)).toEqual([
      {
        op: "INSERT",
        table: "events",
        rowId: "1",
        columns: [
          { column: "id", value: 1 },
          { column: "updated_at", value: V },
          { column: "title", value: "a" },
          { column: "meta", value: { x: 1 } },
        ],
      },
      {
        op: "INSERT",
        table: "events",
        rowId: "2",
        columns: [
          { column: "id", value: 2 },
          { column: "updated_at", value: V },
          { column: "title", value: null },
          { column: "meta", value: null },
        ],
      },
    ]);
    expect(changes.map((c) => c.position)).toEqual([
      { value: V, rowId: "1" },
      { value: V, rowId: "2" },
    ]);
  });

  it("neither loses nor repeats rows sharing a cursor value across two cycles", async () => {
    // Cycle 1 sees three rows at V; two more rows at V commit afterwards.
    const first = await collect(
      stream([1, 2, 3].map((id) => ({ id, updated_at: V }))),
      options(null),
    );
    expect(ids(first)).toEqual(["1", "2", "3"]);
    const saved = first.at(-1)?.maxPosition ?? null;
    expect(saved).toEqual({ value: V, rowId: "3" });

    // Cycle 2 reads `updated_at >= V`: the old rows at V come back and are skipped.
    const later = "2024-01-02 10:00:00.000002+00";
    const second = await collect(
      stream([
        ...[1, 2, 3, 4, 5].map((id) => ({ id, updated_at: V })),
        { id: 0, updated_at: later },
      ]),
      options(saved),
    );
    expect(ids(second)).toEqual(["4", "5", "0"]);
    expect(second.at(-1)?.maxPosition).toEqual({ value: later, rowId: "0" });
  });

  it("keeps microseconds: rows a Date would merge are told apart", async () => {
    const after = { value: "2024-01-02 10:00:00.123456+00", rowId: "5" };
    const rows = [
      { id: 4, updated_at: "2024-01-02 10:00:00.123456+00" }, // same instant, lower id: seen
      { id: 5, updated_at: "2024-01-02T10:00:00.123456Z" }, // the cursor row itself
      { id: 6, updated_at: "2024-01-02 10:00:00.123456+00" }, // same instant, higher id: new
      { id: 1, updated_at: "2024-01-02 10:00:00.123457+00" }, // one microsecond later: new
      { id: 9, updated_at: "2024-01-02 10:00:00.123455+00" }, // one microsecond earlier: seen
    ];
    expect(ids(await collect(rows, options(after)))).toEqual(["6", "1"]);
  });

  it("compares numeric cursors and numeric row ids as numbers", async () => {
    const after = { value: 10, rowId: "3" };
    const rows = [
      { id: 100, updated_at: 9 },
      { id: 3, updated_at: 10 },
      { id: 20, updated_at: 10 }, // "20" > "3" as numbers, not as text
      { id: 1, updated_at: 11 },
      { id: 2, updated_at: "9" }, // int8 as text
      { id: 4, updated_at: "100" },
      { id: 5, updated_at: 12n },
    ];
    const changes = await collect(rows, options(after));
    expect(ids(changes)).toEqual(["20", "1", "4", "5"]);
    expect(changes.at(-1)?.maxPosition).toEqual({ value: "100", rowId: "4" });
  });

  it("handles unordered input: input order out, the true maximum tracked", async () => {
    const rows = [7, 3, 9, 1, 8, 2].map((n) => ({ id: n, updated_at: `2024-01-0${n}T00:00:00Z` }));
    const gen = cursorChanges(rows, options({ value: "2024-01-02T00:00:00Z", rowId: "2" }));
    const seen: string[] = [];
    let step = await gen.next();
    while (!step.done) {
      seen.push(step.value.change.rowId);
      step = await gen.next();
    }
    expect(seen).toEqual(["7", "3", "9", "8"]);
    expect(step.value).toEqual({ value: "2024-01-09T00:00:00Z", rowId: "9" });
  });

  it("returns the stored cursor when nothing is new", async () => {
    const after = { value: 5, rowId: "1" };
    const gen = cursorChanges([{ id: 1, updated_at: 5 }], options(after));
    expect(await gen.next()).toEqual({ done: true, value: after });
    const empty = cursorChanges([], options(null));
    expect(await empty.next()).toEqual({ done: true, value: null });
  });

  it("keeps positions JSON-safe: Date as ISO text, big bigints as decimal text", async () => {
    const rows = [
      { id: 1, updated_at: new Date("2024-01-02T10:00:00.5Z") },
      { id: 2, updated_at: 2n ** 40n },
      { id: 3, updated_at: 2n ** 70n },
      { id: 4n, updated_at: 1 },
    ];
    const changes = await collect(rows, options(null));
    expect(changes.map((c) => c.position)).toEqual([
      { value: "2024-01-02T10:00:00.500Z", rowId: "1" },
      { value: 2 ** 40, rowId: "2" },
      { value: "1180591620717411303424", rowId: "3" },
      { value: 1, rowId: "4" },
    ]);
    // The text of a big bigint still compares as a number against the next poll's rows.
    const next = await collect(
      [{ id: 5, updated_at: 2n ** 70n + 1n }],
      options(changes[2]?.position ?? null),
    );
    expect(ids(next)).toEqual(["5"]);
  });

  it("throws INVALID_CONFIG naming the table and column for rows it cannot read", async () => {
    const cases: [Row, RegExp][] = [
      [{ updated_at: V }, /"events".*no column "id" \(rowIdColumn\).*updated_at/],
      [{ id: 1 }, /"events".*no column "updated_at" \(cursorColumn\)/],
      [{ id: 1, updated_at: null }, /column "updated_at" \(cursorColumn\).*got null/],
      [{ id: 1, updated_at: true }, /column "updated_at".*got boolean/],
      [{ id: 1, updated_at: { at: 1 } }, /column "updated_at".*got object/],
      [{ id: 1, updated_at: new Date(Number.NaN) }, /got an invalid date/],
      [{ id: 1, updated_at: Number.NaN }, /column "updated_at".*got number/],
      [{ id: { a: 1 }, updated_at: V }, /column "id" \(rowIdColumn\).*got object/],
      [{ id: null, updated_at: V }, /column "id".*got null/],
    ];
    for (const [row, message] of cases) {
      const error = await collect([row], options(null)).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(LakeSyncError);
      expect((error as LakeSyncError).code).toBe("INVALID_CONFIG");
      expect((error as LakeSyncError).message).toMatch(message);
    }
  });
});

describe("cursor polling end to end (a paged source, a flaky target)", () => {
  it("delivers every row exactly once while rows keep arriving, ties included", async () => {
    // The source table, queried like `WHERE updated_at >= $1 ORDER BY updated_at, id LIMIT 5`
    // (a tie group must fit a page with `>=`: the keyset form has no such limit).
    const table: { id: number; updated_at: string; n: number }[] = [];
    let nextId = 1;
    let clock = 0;
    const stamp = () => `2024-01-02 10:00:00.${String(clock).padStart(6, "0")}+00`;
    const insert = (count: number) => {
      for (let i = 0; i < count; i++) table.push({ id: nextId++, updated_at: stamp(), n: i });
    };
    const query = (after: CursorPosition | null): Row[] =>
      table
        .filter((r) => !after || compareCursorValues(r.updated_at, after.value) >= 0)
        .sort((a, b) =>
          compareCursorPositions(
            { value: a.updated_at, rowId: String(a.id) },
            { value: b.updated_at, rowId: String(b.id) },
          ),
        )
        .slice(0, 5);

    const delivered: string[] = [];
    let pushes = 0;
    const target: PushTarget = {
      async push(msg) {
        pushes += 1;
        if (pushes % 4 === 0) return Err(new LakeSyncError("UPSTREAM_ERROR", "flaky"));
        delivered.push(...msg.deltas.map((d) => d.rowId));
        return Ok({ serverHlc: BigInt(pushes), accepted: msg.deltas.length });
      },
    };
    let cursor: CursorPosition | null = null;
    const pusher = createChunkedPusher<CursorPosition>({
      target,
      clientId: "ingest:events",
      chunkSize: 2,
      onCheckpoint: (position) => {
        cursor = position;
      },
    });

    let hlc = 1n;
    for (let cycle = 0; cycle < 60; cycle++) {
      if (cycle % 3 === 0) {
        insert(3); // three rows at one instant: a tie group, cut by pages and chunks
        clock += 1;
      }
      const rows = query(cursor);
      let failed = false;
      for await (const { change, position } of cursorChanges(rows, options(cursor))) {
        const added = await pusher.add(makeDelta(change, "ingest:events", hlc++), position);
        if (!added.ok) {
          failed = true;
          break;
        }
      }
      if (failed || !(await pusher.finish()).ok) pusher.discard(); // re-read next cycle
    }
    for (let drain = 0; drain < 20; drain++) {
      for await (const { change, position } of cursorChanges(query(cursor), options(cursor))) {
        const added = await pusher.add(makeDelta(change, "ingest:events", hlc++), position);
        if (!added.ok) break;
      }
      if (!(await pusher.finish()).ok) pusher.discard();
    }

    expect(table.length).toBe(60);
    expect(new Set(delivered).size).toBe(delivered.length); // nothing twice
    expect(delivered.map(Number).sort((a, b) => a - b)).toEqual(table.map((r) => r.id)); // nothing lost
  });
});

describe("CursorScan", () => {
  const rows = [
    { id: 3, updated_at: V, title: "c" },
    { id: 1, updated_at: "2024-01-02 10:00:00.000002+00", title: "a" },
    { id: 2, updated_at: V, title: "b" },
    { id: 1, updated_at: V, title: "old" },
  ];

  it("takes rows one at a time as cursorChanges yields them, past the stored cursor", async () => {
    const after = { value: V, rowId: "1" };
    const scan = new CursorScan(options(after));
    const taken = rows.map((row) => scan.take(row));
    expect(taken.map((c) => c?.change.rowId ?? null)).toEqual(["3", "1", "2", null]);
    expect(taken.filter((c) => c !== null)).toEqual(await collect(rows, options(after)));
    expect(scan.maxPosition).toEqual({ value: "2024-01-02 10:00:00.000002+00", rowId: "1" });
  });

  it("trusts an ordered read: every row is new and the last one is the maximum", () => {
    const scan = new CursorScan({ ...options(null), ordered: true });
    expect(rows.map((row) => scan.take(row)?.change.rowId)).toEqual(["3", "1", "2", "1"]);
    expect(scan.maxPosition).toEqual({ value: V, rowId: "1" });
  });

  it("returns the stored cursor when nothing was taken", () => {
    const after = { value: V, rowId: "9" };
    expect(new CursorScan(options(after)).maxPosition).toBe(after);
  });
});
