import { describe, expect, it } from "vitest";
import { SqlClientError } from "../db-error.js";
import { MYSQL_TEST_URL, mysqlTestServer } from "../testing/targets.js";
import { mysqlClient } from "./mysql2-client.js";

async function failure(work: Promise<unknown>): Promise<SqlClientError> {
  const err = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SqlClientError);
  return err as SqlClientError;
}

describe("mysqlClient", () => {
  it("binds parameters and keeps timestamps, big integers and JSON exact, in UTC", async () => {
    const client = mysqlClient(MYSQL_TEST_URL, { poolSize: 2 });
    try {
      const tricky = `x'); DROP TABLE t; --`;
      const [row] = await client.query(
        `SELECT ? AS s, CAST(? AS SIGNED) AS big, CAST(? AS DATETIME(6)) AS at,
                JSON_OBJECT('a', 1) AS j, @@SESSION.time_zone AS tz, ? AS missing`,
        [tricky, "9223372036854775807", "2024-01-02 03:04:05.123456", null],
      );
      expect(row).toEqual({
        s: tricky,
        big: "9223372036854775807",
        at: "2024-01-02 03:04:05.123456",
        j: '{"a": 1}',
        tz: "+00:00",
        missing: null,
      });
    } finally {
      await client.close();
    }
  });

  it("commits, rolls back, nests savepoints and pins a session", async () => {
    const server = mysqlTestServer();
    const db = await server.freshDatabaseUrl();
    const client = db.client;
    try {
      await client.query("CREATE TABLE items (id VARCHAR(20) PRIMARY KEY) ENGINE=InnoDB");
      const ids = async () =>
        (await client.query<{ id: string }>("SELECT id FROM items ORDER BY id")).map((r) => r.id);
      expect(
        await client.transaction(async (tx) => {
          await tx.query("INSERT INTO items VALUES ('committed')");
          return 42;
        }),
      ).toBe(42);
      const mine = new Error("caller's own failure");
      await expect(
        client.transaction(async (tx) => {
          await tx.query("INSERT INTO items VALUES ('rolled back')");
          throw mine;
        }),
      ).rejects.toBe(mine);
      await client.transaction(async (tx) => {
        await tx.query("INSERT INTO items VALUES ('outer')");
        await expect(
          tx.transaction(async (inner) => {
            await inner.query("INSERT INTO items VALUES ('inner')");
            await inner.query("SELECT * FROM no_such_table");
          }),
        ).rejects.toMatchObject({ code: "ER_NO_SUCH_TABLE", sqlState: "42S02" });
      });
      expect(await ids()).toEqual(["committed", "outer"]);
      const duplicate = await failure(client.query("INSERT INTO items VALUES (?)", ["outer"]));
      expect(duplicate.code).toBe("ER_DUP_ENTRY");
      expect(JSON.stringify(duplicate)).not.toMatch(/INSERT INTO/);
      const [a, b] = await client.session(async (s) => [
        await s.query<{ id: string }>("SELECT CONNECTION_ID() AS id"),
        await s.query<{ id: string }>("SELECT CONNECTION_ID() AS id"),
      ]);
      expect(a?.[0]?.id).toBe(b?.[0]?.id);
      expect(
        // Not an integer: MariaDB types `1` as LONG, MySQL as LONGLONG.
        await client.describeColumns(
          "SELECT id, NOW(6) AS at, CAST(1 AS DECIMAL(10, 2)) AS n FROM items LIMIT 0",
        ),
      ).toEqual([
        { name: "id", type: "VAR_STRING" },
        { name: "at", type: "DATETIME" },
        { name: "n", type: "NEWDECIMAL" },
      ]);
    } finally {
      await db.drop();
      await server.end();
    }
  });

  it("takes the user and password as URL parameters too", async () => {
    const given = new URL(MYSQL_TEST_URL);
    const url = new URL(MYSQL_TEST_URL);
    url.username = "";
    url.password = "";
    url.searchParams.set("user", decodeURIComponent(given.username));
    url.searchParams.set("password", decodeURIComponent(given.password));
    const client = mysqlClient(url.toString(), { connectTimeoutMs: 5_000 });
    try {
      const [row] = await client.query<{ who: string }>("SELECT CURRENT_USER() AS who");
      expect(row?.who.split("@")[0]).toBe(decodeURIComponent(given.username));
      // A server message that repeats the password (here, in a table name) is masked too.
      const password = decodeURIComponent(given.password);
      const err = await failure(client.query(`SELECT * FROM \`${password}_missing\``));
      expect(err.code).toBe("ER_NO_SUCH_TABLE");
      expect(err.message).toContain("_missing");
      expect([err.message, String(err), err.stack ?? ""].join("\n")).not.toContain(password);
    } finally {
      await client.close();
    }
  });

  it("never puts a password in its errors", async () => {
    const secret = "s3cretpw";
    const badUser = new URL(MYSQL_TEST_URL);
    badUser.username = "nobody";
    badUser.password = secret;
    const rejected = mysqlClient(badUser.toString(), { connectTimeoutMs: 5_000 });
    const wrongPassword = new URL(MYSQL_TEST_URL);
    wrongPassword.password = secret;
    const wrong = mysqlClient(wrongPassword.toString(), { connectTimeoutMs: 5_000 });
    const refused = mysqlClient(`mysql://app:${secret}@127.0.0.1:1/db`, {
      connectTimeoutMs: 5_000,
    });
    try {
      const errors = [
        await failure(rejected.query("SELECT 1")),
        await failure(wrong.query("SELECT 1")),
        await failure(wrong.transaction((tx) => tx.query("SELECT 1"))),
        await failure(wrong.session((s) => s.query("SELECT 1"))),
        await failure(refused.query("SELECT 1")),
      ];
      expect(errors[1]?.code).toBe("ER_ACCESS_DENIED_ERROR");
      expect(errors[4]?.code).toBe("ECONNREFUSED");
      const invalid: unknown[] = [];
      for (const url of [
        `mysql://app:${secret}@host:notaport/db`,
        `postgres://app:${secret}@h/db`,
      ]) {
        try {
          mysqlClient(url);
        } catch (err) {
          invalid.push(err);
        }
      }
      expect(invalid).toHaveLength(2);
      for (const err of [...errors, ...(invalid as SqlClientError[])]) {
        expect(err).toBeInstanceOf(SqlClientError);
        const seen = [err.message, String(err), err.stack ?? "", JSON.stringify(err)].join("\n");
        expect(seen).not.toContain(secret);
      }
    } finally {
      await Promise.all([rejected.close(), wrong.close(), refused.close()]);
    }
  });
});
