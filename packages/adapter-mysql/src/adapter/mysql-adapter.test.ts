import { encodeHlc, makeDelta } from "@lakesync/core";
import { afterAll, describe, expect, it } from "vitest";
import { mysqlClient } from "../clients/mysql2-client.js";
import { MYSQL_TEST_SERVER_NAME, MYSQL_TEST_URL, mysqlTestServer } from "../testing/targets.js";
import { MySqlAdapter } from "./mysql-adapter.js";

// What MySQL and MariaDB make specific, beyond the shared contract.

const server = mysqlTestServer();
afterAll(() => server.end());

const T0 = 1_750_000_000_000;
const entry = (rowId: string, ms: number, title: string) => ({
  position: encodeHlc(T0 + 100_000 + ms, 0),
  delta: makeDelta(
    { op: "UPDATE", table: "todos", rowId, columns: [{ column: "title", value: title }] },
    "client-a",
    encodeHlc(T0 + ms, 0),
  ),
});

describe(`MySqlAdapter on ${MYSQL_TEST_SERVER_NAME}`, () => {
  it("keeps row ids that differ only in case apart, and refuses ids its keys cannot hold", async () => {
    const db = await server.freshDatabaseUrl();
    const adapter = new MySqlAdapter({ client: mysqlClient(db.url), gatewayId: "gw" });
    try {
      const written = await adapter.insertDeltas([
        entry("R1", 1, "upper"),
        entry("r1", 2, "lower"),
      ]);
      expect(written.ok).toBe(true);
      expect(await adapter.readRow("todos", "R1")).toEqual({ ok: true, value: { title: "upper" } });
      expect(await adapter.readRow("todos", "r1")).toEqual({ ok: true, value: { title: "lower" } });

      // Strict mode: a too-long id fails the batch instead of being truncated into another row.
      const tooLong = await adapter.insertDeltas([entry("x".repeat(256), 3, "long")]);
      expect(tooLong.ok).toBe(false);
      if (!tooLong.ok) expect(tooLong.error.message).toMatch(/row_id|too long/i);
      const page = await adapter.queryDeltasSince(0n, 10);
      expect(page.ok && page.value.deltas.map((d) => d.delta.rowId)).toEqual(["R1", "r1"]);
    } finally {
      await adapter.close();
      await db.drop();
    }
  });

  it("says plainly when the connection string names no database", async () => {
    const url = new URL(MYSQL_TEST_URL);
    url.pathname = "/";
    const adapter = new MySqlAdapter({ client: mysqlClient(url.toString()), gatewayId: "gw" });
    try {
      const result = await adapter.insertDeltas([entry("r1", 1, "x")]);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.message).toMatch(/No database selected/);
    } finally {
      await adapter.close();
    }
  });
});
