import type { Row } from "@lakesync/core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { postgresJsClient } from "../clients/postgres-js-client.js";
import type { SqlClient } from "../sql-client.js";
import { pgTestTarget } from "../testing/targets.js";
import { PostgresSqlSource } from "./postgres-sql-source.js";

const target = pgTestTarget();
let client: SqlClient;
let dispose: () => Promise<void>;
let source: PostgresSqlSource;

beforeAll(() => target.ready());
afterAll(() => target.end());
beforeEach(async () => {
  ({ client, dispose } = await target.freshClient());
  source = new PostgresSqlSource(client, { ownsClient: false });
});
afterEach(() => dispose());

/** 5,000 events; ids 2001..3000 share one timestamp with microseconds. */
async function seedEvents(): Promise<void> {
  await client.query(
    "create table events (id int primary key, updated_at timestamptz not null, title text)",
  );
  await client.query(
    `insert into events
       select i,
              case when i between 2001 and 3000 then '2024-01-01 00:00:00.123456+00'::timestamptz
                   else '2024-01-01 00:00:00+00'::timestamptz + (i * interval '1 microsecond') end,
              'event ' || i
         from generate_series(1, 5000) as i`,
  );
}

async function collect(
  batches: AsyncIterable<readonly Row[]>,
): Promise<{ rows: Row[]; sizes: number[] }> {
  const rows: Row[] = [];
  const sizes: number[] = [];
  for await (const batch of batches) {
    sizes.push(batch.length);
    rows.push(...batch);
  }
  return { rows, sizes };
}

// The connector's client reads dates as text (the position is the row's own value); any
// other client gets the cursor value as an extra text column.
describe.each([{ exactTimestamps: false }, { exactTimestamps: true }])(
  "PostgresSqlSource keyset reads (cursor strategy, %o)",
  ({ exactTimestamps }) => {
    const cursor = { cursorColumn: "updated_at", rowIdColumn: "id", after: null };
    beforeEach(async () => {
      if (!exactTimestamps) return;
      await dispose();
      ({ client, dispose } = await target.freshClient({ exactTimestamps }));
      source = new PostgresSqlSource(client, { ownsClient: false });
    });

    it("reads every row exactly once in (cursor, id) order, 1,000 rows sharing one microsecond timestamp", async () => {
      await seedEvents();
      const { rows, sizes } = await collect(
        source.readRows("select * from events", { batchSize: 100, cursor }),
      );
      expect(rows).toHaveLength(5000);
      expect(new Set(rows.map((r) => r.id)).size).toBe(5000);
      expect(Math.max(...sizes)).toBe(100);
      // Ordered by (timestamp, id): the 1,000 rows at .123456 come out as one run by id.
      const shared = rows.filter((r) => r.updated_at === "2024-01-01 00:00:00.123456+00");
      expect(shared.map((r) => r.id)).toEqual(Array.from({ length: 1000 }, (_, i) => 2001 + i));
      expect(rows[0]).toEqual({
        id: 1,
        updated_at: "2024-01-01 00:00:00.000001+00",
        title: "event 1",
      });
      expect(rows.some((r) => "__lakesync_cursor" in r)).toBe(false);
    });

    it("resumes after a position inside the run of equal timestamps", async () => {
      await seedEvents();
      const { rows } = await collect(
        source.readRows("select * from events;", {
          batchSize: 100,
          cursor: { ...cursor, after: { value: "2024-01-01 00:00:00.123456+00", rowId: "2500" } },
        }),
      );
      const ids = rows.map((r) => r.id as number);
      expect(ids.filter((id) => id >= 2001 && id <= 3000)).toEqual(
        Array.from({ length: 500 }, (_, i) => 2501 + i),
      );
      expect(ids).not.toContain(2500);
      // Every row after the tie's timestamp, and nothing before it.
      const later = await client.query<{ n: string }>(
        "select count(*)::text as n from events where updated_at > '2024-01-01 00:00:00.123456+00'",
      );
      expect(ids.length).toBe(500 + Number(later[0]?.n));
    });

    it("binds the stored position as parameters (SQL in a value is only data)", async () => {
      await seedEvents();
      const hostile = "2024-01-01'); drop table events; --";
      const read = collect(
        source.readRows("select * from events", {
          batchSize: 10,
          cursor: { ...cursor, after: { value: hostile, rowId: "1" } },
        }),
      );
      await expect(read).rejects.toThrow(
        /invalid input syntax for type timestamp with time zone.*22007/,
      );
      const still = await client.query("select count(*)::int as n from events");
      expect(still[0]?.n).toBe(5000);
    });

    it("names a cursor column the query does not return", async () => {
      await seedEvents();
      const read = collect(
        source.readRows("select id, title from events", { batchSize: 10, cursor }),
      );
      await expect(read).rejects.toThrow(/no column "updated_at" \(cursorColumn\)/);
    });

    it("compares row ids in their own type (text ids in the database's order)", async () => {
      await client.query("create table docs (id text primary key, v int not null)");
      await client.query(
        "insert into docs select 'doc-' || i, 1 from generate_series(1, 250) as i",
      );
      const { rows } = await collect(
        source.readRows("select * from docs", {
          batchSize: 7,
          cursor: { cursorColumn: "v", rowIdColumn: "id", after: null },
        }),
      );
      expect(new Set(rows.map((r) => r.id)).size).toBe(250);
      expect(rows).toHaveLength(250);
      expect(rows[0]?.v).toBe(1);
    });

    it("pages exactly past numeric and int8 values beyond a double's precision", async () => {
      await client.query("create table big (id int8 primary key, c numeric not null)");
      await client.query(
        "insert into big select 9007199254740993 + i, 0.1 + (i / 3) * 0.000000000000000001 from generate_series(1, 60) as i",
      );
      const { rows } = await collect(
        source.readRows("select * from big", {
          batchSize: 7,
          cursor: { cursorColumn: "c", rowIdColumn: "id", after: null },
        }),
      );
      expect(rows.map((r) => r.id)).toEqual(
        Array.from({ length: 60 }, (_, i) => String(9007199254740994n + BigInt(i))),
      );
    });
  },
);

describe("PostgresSqlSource streamed reads (diff strategy)", () => {
  it("streams the whole result in batches of at most batchSize", async () => {
    await seedEvents();
    const { rows, sizes } = await collect(
      source.readRows("select id, title from events -- a trailing comment", { batchSize: 100 }),
    );
    expect(rows).toHaveLength(5000);
    expect(sizes.every((n) => n <= 100)).toBe(true);
    expect(new Set(rows.map((r) => r.id)).size).toBe(5000);
  });

  it("throws a clean AdapterError for a missing table", async () => {
    await expect(collect(source.readRows("select * from nope", { batchSize: 10 }))).rejects.toThrow(
      /relation "nope" does not exist/,
    );
  });
});

describe("PostgresSqlSource.checkQuery", () => {
  it("accepts a query that runs, without reading rows", async () => {
    await seedEvents();
    expect(await source.checkQuery("select * from events")).toEqual({ ok: true, value: undefined });
  });

  it("refuses a bad query with the database's message", async () => {
    const missing = await source.checkQuery("select * from nope");
    expect(missing.ok).toBe(false);
    if (!missing.ok) {
      expect(missing.error.code).toBe("ADAPTER_ERROR");
      expect(missing.error.message).toMatch(/relation "nope" does not exist \(42P01\)/);
    }
    const syntax = await source.checkQuery("selec 1");
    expect(syntax.ok).toBe(false);
    if (!syntax.ok) expect(syntax.error.message).toMatch(/syntax error/);
  });

  it("never shows the password of an unreachable database", async () => {
    const secret = "hunter2-secret";
    const down = new PostgresSqlSource(
      postgresJsClient(`postgres://someone:${secret}@127.0.0.1:1/db`, { connectTimeoutSeconds: 2 }),
    );
    const checked = await down.checkQuery("select 1");
    await down.close();
    expect(checked.ok).toBe(false);
    if (!checked.ok) {
      expect(checked.error.message).toMatch(/ECONNREFUSED/);
      expect(checked.error.message).not.toContain(secret);
    }
  });
});
