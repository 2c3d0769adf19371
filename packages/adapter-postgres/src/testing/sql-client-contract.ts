import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SqlClientError } from "../db-error.js";
import type { SqlClient } from "../sql-client.js";

/** A driver the {@link SqlClient} contract runs against. */
export interface SqlClientContractTarget {
  /**
   * A client whose `search_path` is a fresh empty schema, and how to drop that schema.
   * `exactTimestamps` (postgres.js only) reads date and time values as text.
   */
  freshClient(options?: {
    readonly exactTimestamps?: boolean;
  }): Promise<{ client: SqlClient; dispose(): Promise<void> }>;
}

/**
 * What the adapter relies on from a SqlClient, for every driver: bound parameters, rows,
 * transactions (commit, rollback, savepoints when nested) and clean errors with a code.
 */
export function runSqlClientContract(name: string, target: SqlClientContractTarget): void {
  describe(`${name}: SqlClient contract`, () => {
    let client: SqlClient;
    let dispose: () => Promise<void>;
    beforeEach(async () => {
      ({ client, dispose } = await target.freshClient());
      await client.query("create table items (id text primary key, n bigint)");
    });
    afterEach(async () => {
      await dispose();
    });

    const ids = async () =>
      (await client.query<{ id: string }>("select id from items order by id")).map((r) => r.id);

    it("binds parameters and never splices them into the text", async () => {
      const tricky = `x'); drop table items; --`;
      await client.query("insert into items (id, n) values ($1::text, $2::text::int8)", [
        tricky,
        "9223372036854775807",
      ]);
      const rows = await client.query<{ id: string; n: string; missing: string | null }>(
        "select id, n::text as n, $1::text as missing from items",
        [null],
      );
      expect(rows).toEqual([{ id: tricky, n: "9223372036854775807", missing: null }]);
    });

    it("commits a transaction that resolves and rolls back one that throws", async () => {
      const value = await client.transaction(async (tx) => {
        await tx.query("insert into items (id) values ('committed')");
        return 42;
      });
      expect(value).toBe(42);
      const mine = new Error("caller's own failure");
      await expect(
        client.transaction(async (tx) => {
          await tx.query("insert into items (id) values ('rolled back')");
          throw mine;
        }),
      ).rejects.toBe(mine);
      expect(await ids()).toEqual(["committed"]);
    });

    it("nests a transaction as a savepoint", async () => {
      await client.transaction(async (tx) => {
        await tx.query("insert into items (id) values ('outer')");
        await expect(
          tx.transaction(async (inner) => {
            await inner.query("insert into items (id) values ('inner')");
            await inner.query("select * from no_such_table");
          }),
        ).rejects.toBeInstanceOf(SqlClientError);
        await tx.transaction((inner) => inner.query("insert into items (id) values ('inner 2')"));
      });
      expect(await ids()).toEqual(["inner 2", "outer"]);
    });

    it("throws SqlClientErrors with the SQLSTATE and without the parameters", async () => {
      await client.query("insert into items (id) values ('dup')");
      const failure = await client.query("insert into items (id) values ($1::text)", ["dup"]).then(
        () => null,
        (err: unknown) => err,
      );
      expect(failure).toBeInstanceOf(SqlClientError);
      expect((failure as SqlClientError).code).toBe("23505");
      expect(Object.keys(failure as object)).not.toContain("parameters");
      expect(Object.keys(failure as object)).not.toContain("params");

      const missing = await client.query("select * from nowhere").catch((err: unknown) => err);
      expect((missing as SqlClientError).code).toBe("42P01");
      expect((missing as Error).message).toMatch(/nowhere/);
    });
  });
}
