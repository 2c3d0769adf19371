import { describe, expect, it } from "vitest";
import type { Row, RowChange } from "../delta/index.js";
import { LakeSyncError, ValidationError } from "../errors/index.js";
import { hash32 } from "../hash/index.js";
import { ValueHasher } from "../hash/value-hash.js";
import { DiffSnapshot } from "./diff-snapshot.js";

const flags = () => new DiffSnapshot({ table: "flags", rowIdColumn: "id" });

/** Runs one full cycle and returns its changes; commits unless told not to. */
function cycle(snapshot: DiffSnapshot, rows: Row[], commit = true): RowChange[] {
  const c = snapshot.begin();
  const changes: RowChange[] = [];
  for (const row of rows) {
    const change = c.observe(row);
    if (change) changes.push(change);
  }
  changes.push(...c.deletions());
  if (commit) c.commit();
  return changes;
}

const rows3: Row[] = [
  { id: 1, name: "dark-mode", enabled: true, pct: 10 },
  { id: 2, name: "beta", enabled: false, pct: 0 },
  { id: 3, name: "new-nav", enabled: true, pct: 50 },
];

describe("DiffSnapshot cycles", () => {
  it("emits an INSERT of every column for each new row", () => {
    const snapshot = flags();
    const changes = cycle(snapshot, rows3);
    expect(changes).toEqual(
      rows3.map((row) => ({
        op: "INSERT",
        table: "flags",
        rowId: String(row.id),
        columns: Object.entries(row).map(([column, value]) => ({ column, value })),
      })),
    );
    expect(snapshot.size).toBe(3);
    expect(snapshot.columns).toEqual(["name", "enabled", "pct"]);
  });

  it("commitSeen keeps the rows observed and the rows not reached, and finds no deletion", () => {
    const snapshot = flags();
    cycle(snapshot, rows3);
    // A read that stops after two rows: one changed, one new.
    const partial = snapshot.begin();
    const changed = { ...rows3[0], pct: 20 };
    expect(partial.observe(changed)?.op).toBe("UPDATE");
    expect(partial.observe({ id: 4, name: "late", enabled: false, pct: 1 })?.op).toBe("INSERT");
    partial.commitSeen();
    expect(snapshot.size).toBe(4);
    // The whole read next: nothing is emitted again, and row 2, gone now, is deleted.
    const next = cycle(snapshot, [
      changed,
      rows3[2] ?? {},
      { id: 4, name: "late", enabled: false, pct: 1 },
    ]);
    expect(next).toEqual([{ op: "DELETE", table: "flags", rowId: "2", columns: [] }]);
  });

  it("emits nothing for unchanged rows", () => {
    const snapshot = flags();
    cycle(snapshot, rows3);
    expect(
      cycle(
        snapshot,
        rows3.map((r) => ({ ...r })),
      ),
    ).toEqual([]);
    // Key order does not matter.
    expect(
      cycle(snapshot, [
        { pct: 10, enabled: true, name: "dark-mode", id: 1 },
        rows3[1] ?? {},
        rows3[2] ?? {},
      ]),
    ).toEqual([]);
  });

  it("emits an UPDATE of only the columns that changed", () => {
    const snapshot = flags();
    cycle(snapshot, rows3);
    const changes = cycle(snapshot, [
      { id: 1, name: "dark-mode", enabled: false, pct: 10 },
      { id: 2, name: "beta-2", enabled: false, pct: 25 },
      rows3[2] ?? {},
    ]);
    expect(changes).toEqual([
      { op: "UPDATE", table: "flags", rowId: "1", columns: [{ column: "enabled", value: false }] },
      {
        op: "UPDATE",
        table: "flags",
        rowId: "2",
        columns: [
          { column: "name", value: "beta-2" },
          { column: "pct", value: 25 },
        ],
      },
    ]);
  });

  it("emits binary values as base64 text, and a changed one as an UPDATE", () => {
    const snapshot = flags();
    const blob = (...bytes: number[]) => new Uint8Array(bytes);
    expect(cycle(snapshot, [{ id: 1, data: blob(1, 2, 3) }])).toEqual([
      {
        op: "INSERT",
        table: "flags",
        rowId: "1",
        columns: [
          { column: "id", value: 1 },
          { column: "data", value: "AQID" },
        ],
      },
    ]);
    expect(cycle(snapshot, [{ id: 1, data: blob(1, 2, 3) }])).toEqual([]);
    expect(cycle(snapshot, [{ id: 1, data: blob(1, 2, 4) }])).toEqual([
      { op: "UPDATE", table: "flags", rowId: "1", columns: [{ column: "data", value: "AQIE" }] },
    ]);
  });

  it("emits a DELETE for each row not seen in the cycle", () => {
    const snapshot = flags();
    cycle(snapshot, rows3);
    const changes = cycle(snapshot, [rows3[1] ?? {}]);
    expect(changes).toEqual([
      { op: "DELETE", table: "flags", rowId: "1", columns: [] },
      { op: "DELETE", table: "flags", rowId: "3", columns: [] },
    ]);
    expect(snapshot.size).toBe(1);
    // Deleted rows that come back are new again.
    expect(cycle(snapshot, rows3).map((c) => `${c.op}:${c.rowId}`)).toEqual([
      "INSERT:1",
      "INSERT:3",
    ]);
  });

  it("emits everything again when a cycle is not committed", () => {
    const snapshot = flags();
    const first = cycle(snapshot, rows3, false);
    expect(snapshot.size).toBe(0);
    expect(cycle(snapshot, rows3, false)).toEqual(first);
    cycle(snapshot, rows3);

    const changed = [{ ...rows3[0], pct: 99 }, rows3[1] ?? {}];
    const pending = cycle(snapshot, changed, false); // the push failed: not committed
    expect(pending.map((c) => `${c.op}:${c.rowId}`)).toEqual(["UPDATE:1", "DELETE:3"]);
    expect(cycle(snapshot, changed)).toEqual(pending); // re-emitted, then committed
    expect(cycle(snapshot, changed)).toEqual([]);
  });

  it("lets only one of two open cycles commit", () => {
    const snapshot = flags();
    const a = snapshot.begin();
    const b = snapshot.begin();
    a.observe(rows3[0] ?? {});
    b.observe(rows3[1] ?? {});
    b.commit();
    expect(() => a.commit()).toThrow(/stale/);
    expect(() => a.observe(rows3[0] ?? {})).toThrow(/stale/);
    expect(() => b.commit()).toThrow(/committed already/);
    expect(() => b.observe(rows3[0] ?? {})).toThrow(/committed already/);
    expect(() => [...b.deletions()]).toThrow(/committed already/);
    expect(snapshot.size).toBe(1);
  });

  it("keeps the first of several rows with one id, so a stable repeat changes nothing", () => {
    const snapshot = flags();
    const repeated = [
      { id: 7, name: "x", enabled: true },
      { id: 7, name: "x", enabled: false },
      { id: 7, name: "y", enabled: false },
    ];
    expect(cycle(snapshot, repeated)).toEqual([
      {
        op: "INSERT",
        table: "flags",
        rowId: "7",
        columns: [
          { column: "id", value: 7 },
          { column: "name", value: "x" },
          { column: "enabled", value: true },
        ],
      },
    ]);
    // The same rows in the same order, poll after poll: no change.
    expect(cycle(snapshot, repeated)).toEqual([]);

    // An existing row seen again: its first sighting is diffed, the later ones only counted.
    const c = snapshot.begin();
    expect(c.observe({ id: 7, name: "z", enabled: true })?.columns).toEqual([
      { column: "name", value: "z" },
    ]);
    expect(c.observe({ id: 7, name: "x", enabled: true })).toBeNull();
    expect(c.observe({ id: 7, name: "q", enabled: false, extra: 1 })).toBeNull();
    expect(c.stats).toEqual({ inserts: 0, updates: 1, unchanged: 0, duplicates: 2 });
    expect([...c.deletions()]).toEqual([]);
    c.commit();
    // A skipped row is not read at all: its extra column is not one of the table's.
    expect(snapshot.columns).toEqual(["name", "enabled"]);
    expect(cycle(snapshot, [{ id: 7, name: "z", enabled: true }])).toEqual([]);
  });

  it("sends every column when the row hash moved but no column hash did", () => {
    // "v13" and "v121803" share their 32-bit column hash in column "title".
    const h = new ValueHasher();
    h.hash(hash32("title"), "v13");
    const a = [h.lo, h.hi];
    h.hash(hash32("title"), "v121803");
    expect(h.lo).toBe(a[0]);
    expect(h.hi).not.toBe(a[1]);

    const snapshot = new DiffSnapshot({ table: "t", rowIdColumn: "id" });
    cycle(snapshot, [{ id: "k", title: "v13", n: 1 }]);
    expect(cycle(snapshot, [{ id: "k", title: "v121803", n: 1 }])).toEqual([
      {
        op: "UPDATE",
        table: "t",
        rowId: "k",
        columns: [
          { column: "id", value: "k" },
          { column: "title", value: "v121803" },
          { column: "n", value: 1 },
        ],
      },
    ]);
  });

  it("follows schema changes: new columns, all-null new columns, dropped columns", () => {
    const snapshot = flags();
    cycle(snapshot, rows3);
    // A new column with values: an UPDATE of just that column.
    const added = cycle(
      snapshot,
      rows3.map((r, i) => ({ ...r, owner: i === 1 ? null : `team-${i}` })),
    );
    expect(added).toEqual([
      { op: "UPDATE", table: "flags", rowId: "1", columns: [{ column: "owner", value: "team-0" }] },
      { op: "UPDATE", table: "flags", rowId: "3", columns: [{ column: "owner", value: "team-2" }] },
    ]);
    expect(snapshot.columns).toEqual(["name", "enabled", "pct", "owner"]);
    // A column null everywhere changes nothing (null and absent are the same).
    expect(
      cycle(
        snapshot,
        rows3.map((r, i) => ({ ...r, owner: i === 1 ? null : `team-${i}`, note: null })),
      ),
    ).toEqual([]);
    // A dropped column becomes null where it had a value.
    expect(cycle(snapshot, rows3)).toEqual([
      { op: "UPDATE", table: "flags", rowId: "1", columns: [{ column: "owner", value: null }] },
      { op: "UPDATE", table: "flags", rowId: "3", columns: [{ column: "owner", value: null }] },
    ]);
  });

  it("reads each row by its own column names, whatever order or shape the rows before it had", () => {
    const snapshot = flags();
    cycle(snapshot, rows3);
    // The same rows with their columns in other orders, one after another: nothing changed.
    const reordered: Row[] = [
      { pct: 10, enabled: true, name: "dark-mode", id: 1 },
      { id: 2, name: "beta", enabled: false, pct: 0 },
      { enabled: true, id: 3, pct: 50, name: "new-nav" },
    ];
    expect(cycle(snapshot, reordered)).toEqual([]);
    // A value moved to another column of a row shaped like the one before is a change.
    expect(
      cycle(snapshot, [
        { id: 1, name: "dark-mode", enabled: true, pct: 10 },
        { id: 2, name: "beta", enabled: false, pct: 0 },
        { id: 3, name: "new-nav", enabled: true, pct: 51 },
      ]),
    ).toEqual([
      { op: "UPDATE", table: "flags", rowId: "3", columns: [{ column: "pct", value: 51 }] },
    ]);
  });

  it("hashes JSON, dates and bigints deterministically", () => {
    const snapshot = new DiffSnapshot({ table: "t", rowIdColumn: "id" });
    const row = (meta: unknown, at: Date, big: bigint): Row => ({ id: 1, meta, at, big });
    cycle(snapshot, [row({ a: 1, b: [1, 2] }, new Date(1000), 2n ** 70n)]);
    expect(cycle(snapshot, [row({ b: [1, 2], a: 1 }, new Date(1000), 2n ** 70n)])).toEqual([]);
    expect(
      cycle(snapshot, [row({ b: [2, 1], a: 1 }, new Date(1000), 2n ** 70n)])[0]?.columns,
    ).toEqual([{ column: "meta", value: { b: [2, 1], a: 1 } }]);
    expect(
      cycle(snapshot, [row({ b: [2, 1], a: 1 }, new Date(1001), 2n ** 70n)])[0]?.columns,
    ).toEqual([{ column: "at", value: new Date(1001) }]);
    expect(
      cycle(snapshot, [row({ b: [2, 1], a: 1 }, new Date(1001), 2n ** 70n + 1n)])[0]?.columns,
    ).toEqual([{ column: "big", value: 2n ** 70n + 1n }]);
    // undefined is null.
    expect(
      cycle(snapshot, [
        { id: 1, meta: { b: [2, 1], a: 1 }, at: new Date(1001), big: 2n ** 70n + 1n, x: undefined },
      ]),
    ).toEqual([]);
  });

  it("throws INVALID_CONFIG for a row without its id column", () => {
    const c = flags().begin();
    let error: unknown;
    try {
      c.observe({ key: 1 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LakeSyncError);
    expect((error as LakeSyncError).code).toBe("INVALID_CONFIG");
    expect((error as LakeSyncError).message).toMatch(/"flags".*"id"/);
    expect(() => c.observe({ id: true })).toThrow(/got boolean/);
  });

  it("refuses bad options", () => {
    expect(() => new DiffSnapshot({ table: "", rowIdColumn: "id" })).toThrow(TypeError);
    expect(() => new DiffSnapshot({ table: "t", rowIdColumn: "" })).toThrow(/rowIdColumn/);
  });

  it("matches a replica through random inserts, updates, deletes and failed cycles", () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const source = new Map<string, Record<string, unknown>>();
    const replica = new Map<string, Record<string, unknown>>();
    const snapshot = new DiffSnapshot({ table: "t", rowIdColumn: "id" });
    for (let round = 0; round < 40; round++) {
      for (let i = 0; i < 300; i++) {
        const id = `r${Math.floor(random() * 400)}`;
        const r = random();
        if (r < 0.2) source.delete(id);
        else if (r < 0.7) {
          const prev = source.get(id) ?? { id, a: 0, b: "x" };
          source.set(id, {
            ...prev,
            a: Math.floor(random() * 3),
            ...(random() < 0.1 ? { c: round } : {}),
          });
        }
      }
      const changes = cycle(snapshot, [...source.values()], false);
      if (random() < 0.25) continue; // the push failed: no commit, replica unchanged
      for (const change of changes) {
        if (change.op === "DELETE") replica.delete(change.rowId);
        else {
          const row = { ...(replica.get(change.rowId) ?? {}) };
          for (const { column, value } of change.columns) row[column] = value;
          replica.set(change.rowId, row);
        }
      }
      // Commit the same changes: a fresh cycle over the same rows must find exactly them.
      expect(cycle(snapshot, [...source.values()])).toEqual(changes);
      expect(snapshot.size).toBe(source.size);
      for (const [id, row] of source) {
        const copy = replica.get(id) ?? {};
        for (const [k, v] of Object.entries(row))
          expect(copy[k] ?? null, `${id}.${k}`).toEqual(v ?? null);
      }
      expect(replica.size).toBe(source.size);
    }
  });
});

describe("DiffSnapshot memory", () => {
  it("holds a 5-column table in under 100 bytes per row", () => {
    const snapshot = new DiffSnapshot({ table: "t", rowIdColumn: "id" });
    const c = snapshot.begin();
    for (let i = 0; i < 50_000; i++) {
      c.observe({
        id: i,
        name: `customer ${i}`,
        status: "open",
        amount: i / 4,
        at: "2024-01-01T00:00:00Z",
      });
    }
    c.commit();
    expect(snapshot.byteLength / snapshot.size).toBeLessThan(100);
    expect(hash32("x")).toBeTypeOf("number");
  });
});

describe("DiffSnapshot.toBytes / fromBytes", () => {
  it("round-trips: a restored snapshot diffs exactly like the original", () => {
    const original = new DiffSnapshot({ table: "items", rowIdColumn: "key" });
    const rows: Row[] = [];
    for (let i = 0; i < 2000; i++) rows.push({ key: `k${i}`, v: i, tag: i % 3 ? "a" : null });
    rows.push({ key: "é€😀", v: -1, tag: "unicode" }, { key: "x".repeat(300), v: -2, tag: "long" });
    cycle(original, rows);
    // Churn, so the saved snapshot has free slots and a grown column list.
    cycle(
      original,
      rows.filter((_, i) => i % 10 !== 0).map((r) => ({ ...r, extra: 1 })),
    );

    const restored = DiffSnapshot.fromBytes(original.toBytes());
    expect(restored.ok).toBe(true);
    if (!restored.ok) return;
    const copy = restored.value;
    expect(copy.table).toBe("items");
    expect(copy.rowIdColumn).toBe("key");
    expect(copy.size).toBe(original.size);
    expect(copy.columns).toEqual(original.columns);
    expect(copy.toBytes()).toEqual(original.toBytes());

    const next = rows
      .map((r, i) => (i === 5 ? { ...r, v: 500 } : { ...r, extra: 1 }))
      .slice(0, 1990);
    expect(cycle(copy, next)).toEqual(cycle(original, next));
    expect(cycle(copy, next)).toEqual([]);
  });

  it("round-trips an empty snapshot", () => {
    const restored = DiffSnapshot.fromBytes(flags().toBytes());
    expect(restored.ok && restored.value.size).toBe(0);
    if (restored.ok) expect(cycle(restored.value, rows3)).toHaveLength(3);
  });

  it("refuses bytes that are not a snapshot", () => {
    const good = (() => {
      const s = flags();
      cycle(s, rows3);
      return s.toBytes();
    })();
    const bad: [Uint8Array, RegExp][] = [
      [new Uint8Array(0), /not a LakeSync diff snapshot/],
      [new TextEncoder().encode("hello world, this is not it"), /not a LakeSync/],
      [Uint8Array.from(good, (b, i) => (i === 4 ? 9 : b)), /unsupported version 9/],
      // Version 2 hashed columns another way: its hashes would mark every row changed.
      [Uint8Array.from(good, (b, i) => (i === 4 ? 2 : b)), /unsupported version 2/],
      [good.subarray(0, good.length - 4), /wrong length/],
      [good.subarray(0, 30), /truncated/],
      [Uint8Array.from(good, (b, i) => (i === 12 ? 0x7b + 1 : b)), /header/],
      [new Uint8Array([...good, 0, 0, 0, 0]), /wrong length/],
    ];
    // A header claiming a trillion rows is refused before anything is allocated for them.
    const header = new TextEncoder().encode(
      JSON.stringify({ table: "t", rowIdColumn: "id", columns: [], rows: 1e12, stride: 0 }),
    );
    const huge = new Uint8Array(12 + header.length);
    huge.set([0x4c, 0x53, 0x44, 0x53, good[4] as number]);
    new DataView(huge.buffer).setUint32(8, header.length, true);
    huge.set(header, 12);
    bad.push([huge, /wrong length/]);
    const noTable = new TextEncoder().encode(
      JSON.stringify({ table: "", rowIdColumn: "id", columns: [], rows: 0, stride: 0 }),
    );
    const empty = new Uint8Array(12 + noTable.length);
    empty.set([0x4c, 0x53, 0x44, 0x53, good[4] as number]);
    new DataView(empty.buffer).setUint32(8, noTable.length, true);
    empty.set(noTable, 12);
    bad.push([empty, /malformed header/]);
    for (const [bytes, message] of bad) {
      const result = DiffSnapshot.fromBytes(bytes);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error).toBeInstanceOf(ValidationError);
        expect(result.error.message).toMatch(message);
      }
    }
  });
});
