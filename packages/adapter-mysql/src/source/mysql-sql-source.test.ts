import type { KeysetCursor, Row } from "@lakesync/core";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import type { MySqlClient } from "../sql-client.js";
import { mysqlTestServer } from "../testing/targets.js";
import { keysetStatements, MySqlSqlSource } from "./mysql-sql-source.js";

// Real MariaDB or MySQL (LAKESYNC_TEST_MYSQL_URL); fails, never skips, when it is unreachable.
const server = mysqlTestServer();
afterAll(() => server.end());

async function collect(pages: AsyncIterable<readonly Row[]>): Promise<Row[][]> {
  const out: Row[][] = [];
  for await (const page of pages) out.push([...page]);
  return out;
}

/** `n` rows `(id, updated_at, title)` inserted in chunks. */
async function insertEvents(
  client: MySqlClient,
  rows: readonly (readonly [number | string, string, string])[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    await client.query(
      `INSERT INTO events (id, updated_at, title) VALUES ${chunk.map(() => "(?, ?, ?)").join(",")}`,
      chunk.flat(),
    );
  }
}

describe("MySqlSqlSource", () => {
  let db: Awaited<ReturnType<typeof server.freshDatabaseUrl>>;
  let source: MySqlSqlSource;
  beforeEach(async () => {
    db = await server.freshDatabaseUrl();
    source = new MySqlSqlSource(db.client, { ownsClient: false });
    await db.client.query(
      "CREATE TABLE events (id BIGINT PRIMARY KEY, updated_at DATETIME(6) NULL, title VARCHAR(100), KEY by_cursor (updated_at, id))",
    );
  });
  afterEach(async () => {
    await db.drop();
  });

  it("reads every row exactly once, in (cursor, id) order, when 1,000 rows share one timestamp", async () => {
    const tie = "2024-03-01 12:00:00.123456";
    const rows: [number, string, string][] = [];
    for (let i = 1; i <= 3000; i++) {
      // Ids interleave so that ties are not in insertion order; 1,000 rows share `tie`.
      const id = ((i * 7919) % 3001) + 1;
      const micros = String(i).padStart(6, "0");
      const at =
        i % 3 === 0 ? tie : `2024-03-0${1 + (i % 2)} ${i % 2 ? "11" : "13"}:00:00.${micros}`;
      rows.push([id, at, `event ${id}`]);
    }
    await insertEvents(db.client, rows);
    const cursor: KeysetCursor = { cursorColumn: "updated_at", rowIdColumn: "id", after: null };
    const pages = await collect(
      source.readRows("SELECT id, updated_at, title FROM events;", { batchSize: 100, cursor }),
    );
    expect(pages).toHaveLength(30);
    expect(pages.every((p) => p.length === 100)).toBe(true);
    const read = pages.flat();
    const key = (r: Row) => `${r.updated_at as string}|${String(r.id).padStart(8, "0")}`;
    const expected = rows
      .map(([id, at]) => ({ id: String(id), updated_at: at }))
      .sort((a, b) => (key(a) < key(b) ? -1 : 1));
    expect(read.map((r) => ({ id: r.id, updated_at: r.updated_at }))).toEqual(expected);
    expect(new Set(read.map((r) => r.id)).size).toBe(3000);
    expect(read.filter((r) => r.updated_at === tie)).toHaveLength(1000);
    expect(Object.keys(read[0] ?? {})).toEqual(["id", "updated_at", "title"]);

    // Resuming from a position inside the tie, stored as ISO text, reads exactly the rest.
    const middle = read[1500] as Row;
    const rest = (
      await collect(
        source.readRows("SELECT * FROM events", {
          batchSize: 100,
          cursor: {
            ...cursor,
            after: {
              value: `${(middle.updated_at as string).replace(" ", "T")}Z`,
              rowId: String(middle.id),
            },
          },
        }),
      )
    ).flat();
    expect(rest.map((r) => r.id)).toEqual(read.slice(1501).map((r) => r.id));
  });

  it("pages exactly by BIGINT ids beyond 2^53, and skips rows whose cursor is NULL", async () => {
    const base = 9_007_199_254_740_993n; // 2^53 + 1: a double cannot tell it from 2^53
    const rows = Array.from(
      { length: 7 },
      (_, i) => [(base + BigInt(i)).toString(), "2024-01-01 00:00:00.000001", `r${i}`] as const,
    );
    await insertEvents(db.client, rows);
    await db.client.query(
      "INSERT INTO events (id, updated_at, title) VALUES (1, NULL, 'no cursor')",
    );
    const cursor: KeysetCursor = { cursorColumn: "updated_at", rowIdColumn: "id", after: null };
    const pages = await collect(source.readRows("SELECT * FROM events", { batchSize: 2, cursor }));
    expect(pages.map((p) => p.length)).toEqual([2, 2, 2, 1]);
    expect(pages.flat().map((r) => r.id)).toEqual(rows.map(([id]) => id));

    // Without a cursor: paged by a row id column, or streamed; every row once.
    const byId = await collect(
      source.readRows("SELECT id, title FROM events", { batchSize: 3, rowIdColumn: "id" }),
    );
    expect(byId.map((p) => p.length)).toEqual([3, 3, 2]);
    expect(byId.flat().map((r) => r.id)).toEqual(["1", ...rows.map(([id]) => id)]);
    const streamed = await collect(
      source.readRows("SELECT id, title FROM events ORDER BY id DESC", { batchSize: 3 }),
    );
    expect(streamed.map((p) => p.length)).toEqual([3, 3, 2]);
    // A derived table has no order (MariaDB drops an inner ORDER BY without LIMIT).
    expect(
      streamed
        .flat()
        .map((r) => String(r.id))
        .sort(),
    ).toEqual(["1", ...rows.map(([id]) => id)].sort());
  });

  it("runs a query that ends in a line comment, checked and read, keyset or streamed", async () => {
    await insertEvents(db.client, [[1, "2024-01-01 00:00:00.000000", "a"]]);
    const cursor: KeysetCursor = { cursorColumn: "updated_at", rowIdColumn: "id", after: null };
    for (const query of ["SELECT * FROM events -- all of them", "SELECT * FROM events # all;"]) {
      expect(await source.checkQuery(query)).toEqual({ ok: true, value: undefined });
      const keyset = await collect(source.readRows(query, { batchSize: 10, cursor }));
      expect(keyset.flat().map((r) => String(r.id))).toEqual(["1"]);
      const streamed = await collect(source.readRows(query, { batchSize: 10 }));
      expect(streamed.flat().map((r) => String(r.id))).toEqual(["1"]);
    }
  });

  it("keys a numeric cursor by its value, not as a date", async () => {
    await db.client.query("CREATE TABLE versions (sku VARCHAR(20) PRIMARY KEY, version INT)");
    await db.client.query(
      "INSERT INTO versions VALUES ('b', 2), ('a', 2), ('c', 10), ('d', 1), ('e', 10)",
    );
    const pages = await collect(
      source.readRows("SELECT * FROM versions", {
        batchSize: 2,
        cursor: { cursorColumn: "version", rowIdColumn: "sku", after: { value: 1, rowId: "d" } },
      }),
    );
    expect(pages.flat()).toEqual([
      { sku: "a", version: 2 },
      { sku: "b", version: 2 },
      { sku: "c", version: 10 },
      { sku: "e", version: 10 },
    ]);
  });

  it("reads a page by an index range scan, not the whole table", async () => {
    const rows = Array.from(
      { length: 2000 },
      (_, i) => [i + 1, `2024-01-01 00:00:${String(i % 60).padStart(2, "0")}.000000`, "x"] as const,
    );
    await insertEvents(db.client, rows);
    await db.client.query("ANALYZE TABLE events");
    const { next } = keysetStatements(
      "SELECT * FROM events",
      { cursorColumn: "updated_at", rowIdColumn: "id" },
      "temporal",
      "exact",
      ["id", "updated_at", "title"],
    );
    expect(next).toBe(
      "SELECT q.`id`, DATE_FORMAT(q.`updated_at`, '%Y-%m-%d %H:%i:%s.%f') AS `updated_at`, q.`title` FROM (SELECT * FROM events) AS q WHERE q.`updated_at` > ? OR (q.`updated_at` = ? AND q.`id` > CAST(? AS DECIMAL(65,30))) ORDER BY q.`updated_at`, q.`id` LIMIT ?",
    );
    const at = "2024-01-01 00:00:58.000000";
    const plan = await db.client.query<{ type?: string; key?: string; EXPLAIN?: string }>(
      `EXPLAIN ${next}`,
      [at, at, "1900", "100"],
    );
    expect(plan).toHaveLength(1);
    // MariaDB answers a row per table; MySQL 8.1+ a tree in one text column.
    if (plan[0]?.EXPLAIN !== undefined) {
      expect(plan[0].EXPLAIN).toMatch(/Index range scan on events using by_cursor/);
    } else {
      expect(plan[0]).toMatchObject({ type: "range", key: "by_cursor" });
    }
  });

  it("streams a large result a batch at a time, and stops early without leaking the connection", async () => {
    await insertEvents(
      db.client,
      Array.from({ length: 5000 }, (_, i) => [i + 1, "2024-01-01 00:00:00.000000", "x"] as const),
    );
    let batches = 0;
    for await (const page of source.readRows("SELECT * FROM events", { batchSize: 1000 })) {
      expect(page).toHaveLength(1000);
      batches++;
      if (batches === 2) break;
    }
    expect(batches).toBe(2);
    // The pool is still usable (the stopped stream's connection was dropped, not reused).
    for (let i = 0; i < 6; i++) {
      const all = (
        await collect(source.readRows("SELECT id FROM events", { batchSize: 2000 }))
      ).map((p) => p.length);
      expect(all).toEqual([2000, 2000, 1000]);
    }
    expect(
      await source.checkColumns("SELECT id FROM events", [{ name: "id", option: "rowIdColumn" }]),
    ).toEqual({ ok: true, value: undefined });
    const missing = await source.checkColumns("SELECT id FROM events", [
      { name: "id", option: "rowIdColumn" },
      { name: "updated_at", option: "cursorColumn" },
    ]);
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.error.message).toMatch(/"updated_at" \(cursorColumn\)/);
  });

  it("answers a bad query with a clean error", async () => {
    expect((await source.checkQuery("SELECT id, updated_at FROM events")).ok).toBe(true);
    for (const query of ["SELECT * FROM no_such_table", "SELEC oops", "SELECT nope FROM events"]) {
      const checked = await source.checkQuery(query);
      expect(checked.ok).toBe(false);
      if (!checked.ok) {
        expect(checked.error.code).toBe("ADAPTER_ERROR");
        expect(checked.error.message).toMatch(/^The query does not run: /);
        expect(checked.error.message).not.toMatch(/apppw/);
      }
    }
    const checked = await source.checkQuery("SELECT * FROM no_such_table");
    if (!checked.ok) expect(checked.error.message).toMatch(/no_such_table.*ER_NO_SUCH_TABLE/);

    const cursor: KeysetCursor = { cursorColumn: "missing", rowIdColumn: "id", after: null };
    await expect(
      collect(source.readRows("SELECT * FROM events", { batchSize: 10, cursor })),
    ).rejects.toMatchObject({ code: "ADAPTER_ERROR", message: expect.stringMatching(/"missing"/) });
    for (const options of [{ batchSize: 10 }, { batchSize: 10, rowIdColumn: "id" }]) {
      await expect(
        collect(source.readRows("SELECT * FROM nowhere", options)),
      ).rejects.toMatchObject({ code: "ADAPTER_ERROR", message: expect.stringMatching(/nowhere/) });
    }
  });
});
