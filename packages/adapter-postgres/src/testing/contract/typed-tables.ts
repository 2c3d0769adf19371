import type { TableSchema } from "@lakesync/core";
import { describe, expect, it } from "vitest";
import { change, logged, ok, TODOS } from "./helpers.js";
import type { ContractDatabase } from "./types.js";

/** Typed tables: created, widened and filled from merged rows; schemas they cannot hold refused. */
export function typedTablesContract(db: () => ContractDatabase, longestName: number): void {
  describe("typed tables", () => {
    it("creates a typed table and upserts and deletes its rows", async () => {
      const adapter = db().adapter("gw");
      ok(await adapter.ensureSchema(TODOS));
      ok(await adapter.ensureSchema(TODOS));
      ok(
        await adapter.insertDeltas(
          logged([
            change(
              "t1",
              1,
              {
                title: "Write docs ✍️",
                points: 2.5,
                done: false,
                meta: { tags: ["a", "b"], n: 1 },
                due: "2024-05-01T10:20:30.123456Z",
                extra: "not in the schema",
              },
              { op: "INSERT" },
            ),
            change("t2", 2, { title: "Ship", points: "7", done: "true", due: 0 }, { op: "INSERT" }),
            change("t3", 3, { title: "Gone soon" }, { op: "INSERT" }),
            change("t2", 4, { done: false, meta: [1, 2] }),
            change("t3", 5, {}, { op: "DELETE" }),
            change("other", 6, { title: "not typed" }, { table: "notes" }),
          ]),
        ),
      );
      expect(await db().typedRows("todos", "gw")).toEqual([
        {
          row_id: "t1",
          title: "Write docs ✍️",
          points: 2.5,
          done: false,
          meta: { tags: ["a", "b"], n: 1 },
          due: new Date("2024-05-01T10:20:30.123Z"),
        },
        {
          row_id: "t2",
          title: "Ship",
          points: 7,
          done: false,
          meta: [1, 2],
          due: new Date(0),
        },
      ]);
      // A value that cannot have its column's type is stored as null there (the log keeps it).
      ok(
        await adapter.insertDeltas(
          logged([change("t1", 10, { points: "many", done: "maybe", due: "2024-02-30" })], 20),
        ),
      );
      expect((await db().typedRows("todos", "gw"))[0]).toMatchObject({
        points: null,
        done: null,
        due: null,
      });
      expect(ok(await adapter.readRow("todos", "t1"))).toMatchObject({ points: "many" });
    });

    it("widens a typed table and fills new columns from rows already merged", async () => {
      const adapter = db().adapter("gw");
      // Rows written before any schema: the table gets them when it is created.
      ok(
        await adapter.insertDeltas(
          logged([
            change(
              "n1",
              1,
              { title: "first", body: "hello", stars: 3 },
              { op: "INSERT", table: "notes" },
            ),
            change("n2", 2, { title: "second" }, { op: "INSERT", table: "notes" }),
          ]),
        ),
      );
      ok(
        await adapter.ensureSchema({
          table: "notes",
          columns: [{ name: "title", type: "string" }],
        }),
      );
      expect(await db().typedRows("notes", "gw")).toEqual([
        { row_id: "n1", title: "first" },
        { row_id: "n2", title: "second" },
      ]);

      ok(
        await adapter.ensureSchema({
          table: "notes",
          columns: [
            { name: "body", type: "string" },
            { name: "stars", type: "number" },
          ],
        }),
      );
      expect(await db().typedRows("notes", "gw")).toEqual([
        { row_id: "n1", title: "first", body: "hello", stars: 3 },
        { row_id: "n2", title: "second", body: null, stars: null },
      ]);
      ok(
        await adapter.insertDeltas(
          logged([change("n2", 5, { body: "later" }, { table: "notes" })], 10),
        ),
      );
      expect((await db().typedRows("notes", "gw"))[1]).toEqual({
        row_id: "n2",
        title: "second",
        body: "later",
        stars: null,
      });

      // Schemas only widen: a narrower one keeps every column; a type change is refused.
      ok(
        await adapter.ensureSchema({
          table: "notes",
          columns: [{ name: "title", type: "string" }],
        }),
      );
      expect(Object.keys((await db().typedRows("notes", "gw"))[0] ?? {})).toEqual([
        "row_id",
        "title",
        "body",
        "stars",
      ]);
      const retyped = await adapter.ensureSchema({
        table: "notes",
        columns: [{ name: "stars", type: "string" }],
      });
      expect(retyped.ok).toBe(false);
      if (!retyped.ok) expect(retyped.error.message).toMatch(/stars/);
    });

    it("refuses schemas it cannot hold", async () => {
      const adapter = db().adapter("gw");
      await db().exec("create table foreign_table (id integer primary key, title text)");
      const cases: TableSchema[] = [
        { table: "foreign_table", columns: [{ name: "title", type: "string" }] },
        { table: "lakesync_rows", columns: [{ name: "title", type: "string" }] },
        { table: "todos", columns: [{ name: "row_id", type: "string" }] },
        { table: 'x"; drop table todos; --', columns: [{ name: "a", type: "string" }] },
        { table: "todos", columns: [{ name: "a b", type: "string" }] },
        { table: "t".repeat(longestName + 1), columns: [{ name: "a", type: "string" }] },
        { table: "todos", columns: [] },
      ];
      for (const schema of cases) {
        const result = await adapter.ensureSchema(schema);
        expect(result.ok, schema.table).toBe(false);
        if (!result.ok) expect(result.error.code).toBe("ADAPTER_ERROR");
      }
    });
  });
}
