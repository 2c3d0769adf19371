import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type MySqlClient, mysqlClient } from "@lakesync/adapter-mysql";
import { postgresJsClient, type SqlClient } from "@lakesync/adapter-postgres";
import { specBodyWith, specConnectorBodies } from "@lakesync/core/testing";
import { type RowDeltaJson, signToken } from "@lakesync/gateway";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpCaller } from "./support/http-call.js";
import { killLeftovers, type ServerProcess, spawnServer } from "./support/server-process.js";
import { waitFor } from "./support/wait.js";
import { TestSocket } from "./support/ws-client.js";

/**
 * The spec's "Adding a PostgreSQL Source" and "MySQL with Diff Strategy" curl examples against
 * the real `lakesync-gateway` process (`bun src/main.ts`) on a free port, with real PostgreSQL
 * and MariaDB (`scripts/services.sh start`; LAKESYNC_TEST_PG_URL / LAKESYNC_TEST_MYSQL_URL).
 *
 * Each run works in its own PostgreSQL schema and its own MariaDB database (named after the
 * pid), so the spec's table names (`users`, `feature_flags`) and queries stay verbatim while
 * test files running in parallel never share a table; both are dropped in afterAll.
 */

const SECRET = "ingest-process-suite-secret-of-at-least-32-bytes!";
const GW = "my-gw";
const PG_URL = process.env.LAKESYNC_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:55432/postgres";
const MYSQL_URL = process.env.LAKESYNC_TEST_MYSQL_URL ?? "mysql://app:apppw@127.0.0.1:33306/app";
const RUN = `${process.pid}_${Date.now().toString(36)}`;
const PG_SCHEMA = `lakesync_proc_${RUN}`;
const MYSQL_DB = `lakesync_proc_${RUN}`;

/** `url` with `search_path` set to this run's schema (postgres.js passes it to the server). */
const pgUrl = `${PG_URL}${PG_URL.includes("?") ? "&" : "?"}search_path=${PG_SCHEMA}`;
/** The MariaDB URL with this run's database in its path; its password must never come back. */
const mysqlUrl = (() => {
  const url = new URL(MYSQL_URL);
  url.pathname = `/${MYSQL_DB}`;
  return url.toString();
})();
const MYSQL_PASSWORD = decodeURIComponent(new URL(MYSQL_URL).password);

/** The spec's "Adding a PostgreSQL Source" register body but for the connectionString. */
const SPEC_USERS_DB = specBodyWith(specConnectorBodies.usersDb, {
  block: { connectionString: pgUrl },
});

/** A second connector on the same database with an `ingest` block, so the rows flow. */
const USERS_INGEST = `{
"name": "users-ingest",
"type": "postgres",
"postgres": { "connectionString": "${pgUrl}" },
"ingest": {
"intervalMs": 300,
"tables": [{
"table": "users",
"query": "SELECT id, name, email, updated_at FROM users",
"rowIdColumn": "id",
"strategy": { "type": "cursor", "cursorColumn": "updated_at" }
}]
}
}`;

/**
 * The spec's "MySQL with Diff Strategy" body, verbatim but for the connectionString and
 * `intervalMs`: the spec's 60000 would make the test wait a minute for each change, so it is
 * lowered to 300 (the minimum is 100) to see updates, deletes and the stop within seconds.
 */
const specConfigDb = (
  query = "SELECT id, flag_name, enabled FROM feature_flags",
  intervalMs = 300,
) =>
  specBodyWith(specConnectorBodies.configDb, {
    block: { connectionString: mysqlUrl },
    ingest: { intervalMs },
    table: { query },
  });

type ConnectorStatus = {
  name: string;
  type: string;
  hasIngest: boolean;
  isPolling: boolean;
  state: string;
  lastError: string | null;
};
type PullPage = {
  deltas: RowDeltaJson[];
  serverHlc: string;
  hasMore: boolean;
  warnings?: string[];
};

describe("the spec's database connector examples against the lakesync-gateway process", () => {
  let dataDir: string;
  let server: ServerProcess;
  let url = "";
  let adminToken: string;
  let clientToken: string;
  let pg: SqlClient;
  let pgAdmin: SqlClient;
  let my: MySqlClient;
  let myAdmin: MySqlClient;

  const call = httpCaller(
    () => url,
    () => adminToken,
  );
  const list = async () => {
    const res = await call("GET", `/admin/connectors/${GW}`);
    expect(res.status).toBe(200);
    expect(res.text).not.toContain(MYSQL_PASSWORD);
    expect(res.text).not.toContain("connectionString");
    return res.json as ConnectorStatus[];
  };
  /** Every delta of the normal pull (no source), paged, as the client app-1. */
  const pullAll = async (): Promise<RowDeltaJson[]> => {
    const out: RowDeltaJson[] = [];
    let since = "0";
    for (;;) {
      const res = await call(
        "GET",
        `/sync/${GW}/pull?since=${since}&clientId=app-1`,
        undefined,
        clientToken,
      );
      expect(res.status).toBe(200);
      const page = res.json as PullPage;
      out.push(...page.deltas);
      if (!page.hasMore) return out;
      since = page.serverHlc;
    }
  };
  const ofTable = async (table: string, clientId: string) =>
    (await pullAll()).filter((d) => d.table === table && d.clientId === clientId);
  /** The row a list of deltas adds up to (a DELETE removes it), by row id. */
  const rows = (deltas: readonly RowDeltaJson[]) => {
    const out = new Map<string, Record<string, unknown>>();
    for (const d of deltas) {
      if (d.op === "DELETE") {
        out.delete(d.rowId);
        continue;
      }
      const row = { ...(out.get(d.rowId) ?? {}) };
      for (const c of d.columns) row[c.column] = c.value;
      out.set(d.rowId, row);
    }
    return out;
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "lakesync-ingest-process-"));
    adminToken = await signToken({
      secret: SECRET,
      sub: "admin",
      gw: GW,
      role: "admin",
      expiresIn: 600,
    });
    clientToken = await signToken({
      secret: SECRET,
      sub: "app-1",
      gw: GW,
      role: "client",
      expiresIn: 600,
    });

    pgAdmin = postgresJsClient(PG_URL, { max: 1, connectTimeoutSeconds: 5 });
    await pgAdmin.query(`create schema "${PG_SCHEMA}"`);
    pg = postgresJsClient(pgUrl, { max: 2, connectTimeoutSeconds: 5 });
    await pg.query(
      "create table users (id int primary key, name text not null, email text, updated_at timestamptz not null default clock_timestamp())",
    );
    await pg.query(
      "insert into users (id, name, email) values (1, 'Ada', 'ada@example.com'), (2, 'Grace', 'grace@example.com'), (3, 'Linus', null)",
    );

    myAdmin = mysqlClient(MYSQL_URL, { poolSize: 1, connectTimeoutMs: 5_000 });
    await myAdmin.query(`CREATE DATABASE \`${MYSQL_DB}\``);
    my = mysqlClient(mysqlUrl, { poolSize: 2, connectTimeoutMs: 5_000 });
    await my.query(
      "CREATE TABLE feature_flags (id INT PRIMARY KEY, flag_name VARCHAR(100) NOT NULL, enabled BOOLEAN NOT NULL)",
    );
    await my.query(
      "INSERT INTO feature_flags VALUES (1, 'dark_mode', true), (2, 'new_checkout', false), (3, 'beta_search', true)",
    );

    server = spawnServer({
      PORT: "0",
      HOST: "127.0.0.1",
      LAKESYNC_JWT_SECRET: SECRET,
      LAKESYNC_DATA_DIR: dataDir,
      LAKESYNC_ALLOW_PRIVATE_URLS: "1",
      LOG_LEVEL: "debug",
    });
    // The process opens its embedded store first: ~10 s on this 2-core machine.
    url = await server.listening();
  }, 60_000);

  afterAll(async () => {
    try {
      if (server) await server.stop("SIGTERM").catch(() => undefined);
    } finally {
      killLeftovers();
      await pg?.close().catch(() => {});
      await my?.close().catch(() => {});
      await pgAdmin?.query(`drop schema if exists "${PG_SCHEMA}" cascade`).catch(() => {});
      await pgAdmin?.close().catch(() => {});
      await myAdmin?.query(`DROP DATABASE IF EXISTS \`${MYSQL_DB}\``).catch(() => {});
      await myAdmin?.close().catch(() => {});
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  describe("Adding a PostgreSQL Source", () => {
    it("registers the spec's body and answers the spec's source pull", async () => {
      const res = await call("POST", `/admin/connectors/${GW}`, SPEC_USERS_DB);
      expect(res.status).toBe(201);
      expect(res.json).toMatchObject({ registered: true, name: "users-db" });

      // The spec's curl, exactly: a source pull reads the database's own lakesync_deltas log,
      // which this plain database does not have: an empty page with a warning, not an error.
      const pull = await call(
        "GET",
        `/sync/${GW}/pull?since=0&clientId=app-1&source=users-db`,
        undefined,
        clientToken,
      );
      expect(pull.status).toBe(200);
      const page = pull.json as PullPage;
      expect(page.deltas).toEqual([]);
      expect(page.hasMore).toBe(false);
      expect(typeof page.serverHlc).toBe("string");
      expect(page.warnings?.join(" ")).toMatch(/no LakeSync delta log \(table lakesync_deltas\)/);

      const unknown = await call(
        "GET",
        `/sync/${GW}/pull?since=0&clientId=app-1&source=no-such-db`,
        undefined,
        clientToken,
      );
      expect(unknown.status).toBe(404);
      expect(unknown.json).toMatchObject({ error: { code: "SOURCE_NOT_FOUND" } });

      // As the spec's list example shows it: a database source without ingest is not polling.
      expect((await list()).find((c) => c.name === "users-db")).toMatchObject({
        name: "users-db",
        type: "postgres",
        hasIngest: false,
        isPolling: false,
      });
    });

    it("an ingest connector on the same database brings its rows to the normal pull and to WebSocket clients", async () => {
      const res = await call("POST", `/admin/connectors/${GW}`, USERS_INGEST);
      expect(res.status).toBe(201);
      expect(res.json).toMatchObject({ registered: true, name: "users-ingest" });

      const first = await waitFor(
        "the three users in the pull",
        async () => {
          const got = await ofTable("users", "ingest:users-ingest");
          return got.length >= 3 && got;
        },
        { timeoutMs: 15_000, intervalMs: 100 },
      );
      expect(first.map((d) => [d.op, d.rowId])).toEqual([
        ["INSERT", "1"],
        ["INSERT", "2"],
        ["INSERT", "3"],
      ]);
      expect(rows(first).get("1")).toMatchObject({ id: 1, name: "Ada", email: "ada@example.com" });
      expect(rows(first).get("3")).toMatchObject({ name: "Linus", email: null });
      const listed = (await list()).find((c) => c.name === "users-ingest");
      expect(listed).toMatchObject({ type: "postgres", hasIngest: true, isPolling: true });

      // A WebSocket client of the gateway sees the next change as the poller pushes it.
      const socket = await TestSocket.open(
        `${url.replace("http:", "ws:")}/sync/${GW}/ws?token=${clientToken}`,
      );
      try {
        await pg.query(
          "insert into users (id, name, email) values (4, 'Barbara', 'b@example.com')",
        );
        await pg.query(
          "update users set name = 'Ada L.', updated_at = clock_timestamp() where id = 1",
        );
        const seen = new Map<string, RowDeltaJson>();
        await socket.next(
          (m) => {
            if (m.type !== "deltas") return false;
            for (const d of m.deltas as RowDeltaJson[]) {
              if (d.table === "users") seen.set(d.rowId, d);
            }
            return seen.has("4") && seen.has("1");
          },
          { timeoutMs: 15_000 },
        );
        expect(seen.get("4")).toMatchObject({ op: "INSERT", clientId: "ingest:users-ingest" });
        expect(seen.get("1")?.columns).toEqual(
          expect.arrayContaining([{ column: "name", value: "Ada L." }]),
        );
      } finally {
        socket.close();
      }

      // The normal pull has each change once: nothing repeated by the polls in between.
      const all = await ofTable("users", "ingest:users-ingest");
      expect(all.map((d) => d.rowId)).toEqual(["1", "2", "3", "4", "1"]);
      expect(rows(all).get("1")?.name).toBe("Ada L.");
      // The source pull still reads only the (absent) delta log.
      const source = await call(
        "GET",
        `/sync/${GW}/pull?since=0&clientId=app-1&source=users-db`,
        undefined,
        clientToken,
      );
      expect(source.status).toBe(200);
      expect((source.json as PullPage).deltas).toEqual([]);
    });
  });

  describe("MySQL with Diff Strategy", () => {
    it("registers the spec's body and brings inserts, an update and a hard delete to the pull", async () => {
      const res = await call("POST", `/admin/connectors/${GW}`, specConfigDb());
      expect(res.status).toBe(201);
      expect(res.json).toEqual({ registered: true, name: "config-db" });
      expect(res.text).not.toContain(MYSQL_PASSWORD);

      const first = await waitFor(
        "the three flags in the pull",
        async () => {
          const got = await ofTable("feature_flags", "ingest:config-db");
          return got.length >= 3 && got;
        },
        { timeoutMs: 15_000, intervalMs: 100 },
      );
      expect(first.map((d) => [d.op, d.rowId]).sort()).toEqual([
        ["INSERT", "1"],
        ["INSERT", "2"],
        ["INSERT", "3"],
      ]);
      // MariaDB's BOOLEAN is TINYINT(1): 1 and 0.
      expect(rows(first).get("2")).toEqual({ id: 2, flag_name: "new_checkout", enabled: 0 });

      // As the spec's list example shows it: a database source with ingest, polling.
      const listed = (await list()).find((c) => c.name === "config-db");
      expect(listed).toMatchObject({
        name: "config-db",
        type: "mysql",
        hasIngest: true,
        isPolling: true,
      });

      await my.query("UPDATE feature_flags SET enabled = true WHERE id = 2");
      await my.query("DELETE FROM feature_flags WHERE id = 3");
      await my.query("INSERT INTO feature_flags VALUES (4, 'fast_sync', false)");
      const changed = await waitFor(
        "the update, the delete and the insert in the pull",
        async () => {
          const got = (await ofTable("feature_flags", "ingest:config-db")).slice(3);
          return got.length >= 3 && got;
        },
        { timeoutMs: 15_000, intervalMs: 100 },
      );
      expect(changed.map((d) => [d.op, d.rowId, d.columns])).toEqual(
        expect.arrayContaining([
          ["UPDATE", "2", [{ column: "enabled", value: 1 }]],
          ["DELETE", "3", []],
          [
            "INSERT",
            "4",
            [
              { column: "id", value: 4 },
              { column: "flag_name", value: "fast_sync" },
              { column: "enabled", value: 0 },
            ],
          ],
        ]),
      );
      const all = await ofTable("feature_flags", "ingest:config-db");
      expect(all).toHaveLength(6);
      expect([...rows(all).keys()].sort()).toEqual(["1", "2", "4"]);
    });

    it("unregisters with the spec's answer, and the poller stops: a later row never arrives", async () => {
      const before = (await list()).map((c) => c.name);
      expect(before).toContain("config-db");
      const started = Date.now();
      const res = await call("DELETE", `/admin/connectors/${GW}/config-db`);
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ unregistered: true, name: "config-db" });
      // It waits for a running poll at most: well within a few intervals.
      expect(Date.now() - started).toBeLessThan(5_000);
      expect((await list()).map((c) => c.name)).toEqual(before.filter((n) => n !== "config-db"));
      expect(await call("DELETE", `/admin/connectors/${GW}/config-db`)).toMatchObject({
        status: 404,
        json: { error: { code: "CONNECTOR_NOT_FOUND" } },
      });

      const count = (await ofTable("feature_flags", "ingest:config-db")).length;
      await my.query("INSERT INTO feature_flags VALUES (5, 'after_unregister', true)");
      await my.query("UPDATE feature_flags SET flag_name = 'renamed' WHERE id = 1");
      // Five intervals of 300 ms: a poller still running would have pushed both changes.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const after = await ofTable("feature_flags", "ingest:config-db");
      expect(after).toHaveLength(count);
      expect(after.some((d) => d.rowId === "5")).toBe(false);

      // The other connectors are untouched and its source is gone.
      const source = await call(
        "GET",
        `/sync/${GW}/pull?since=0&clientId=app-1&source=config-db`,
        undefined,
        clientToken,
      );
      expect(source).toMatchObject({ status: 404, json: { error: { code: "SOURCE_NOT_FOUND" } } });
      expect((await list()).find((c) => c.name === "users-ingest")).toMatchObject({
        isPolling: true,
      });
    });
  });

  describe("bad input changes nothing", () => {
    const refusals: [string, string, RegExp][] = [
      [
        "a query naming a missing column",
        specConfigDb("SELECT id, flag_name, enabled, rollout_pct FROM feature_flags"),
        /Unknown column 'rollout_pct'/,
      ],
      [
        "a query naming a missing table",
        specConfigDb("SELECT id, flag_name, enabled FROM feature_flagz"),
        /feature_flagz' doesn't exist/,
      ],
      [
        "a query without the row id column",
        specConfigDb("SELECT flag_name, enabled FROM feature_flags"),
        /no column "id" \(rowIdColumn\)/,
      ],
    ];

    for (const [what, body, problem] of refusals) {
      it(`refuses the MySQL body with ${what}, without the password, and lists nothing`, async () => {
        const res = await call("POST", `/admin/connectors/${GW}`, body);
        // A register whose query the database refuses is a config to fix: 400.
        expect(res.status).toBe(400);
        const { error } = res.json as { error: { code: string; message: string } };
        expect(error.code).toBe("CONNECTOR_CHECK_FAILED");
        expect(error.message).toMatch(problem);
        expect(error.message).toContain('ingest.tables[0] ("feature_flags")');
        expect(res.text).not.toContain(MYSQL_PASSWORD);
        expect(res.text).not.toContain(mysqlUrl);
        expect((await list()).map((c) => c.name)).not.toContain("config-db");
      });
    }

    it("refuses an invalid ingest block with 400 and every issue, and lists nothing", async () => {
      const body = specConfigDb("SELECT id, flag_name, enabled FROM feature_flags", 5);
      const res = await call("POST", `/admin/connectors/${GW}`, body);
      expect(res.status).toBe(400);
      const { error } = res.json as {
        error: { code: string; message: string; issues?: { path: string }[] };
      };
      expect(error.code).toBe("INVALID_CONFIG");
      expect(JSON.stringify(error.issues)).toContain("intervalMs");
      expect(res.text).not.toContain(MYSQL_PASSWORD);
      expect((await list()).map((c) => c.name)).not.toContain("config-db");
    });

    it("kept no trace of the refused bodies: the name registers again, and no secret was logged", async () => {
      const res = await call("POST", `/admin/connectors/${GW}`, specConfigDb());
      expect(res.status).toBe(201);
      expect(await call("DELETE", `/admin/connectors/${GW}/config-db`)).toMatchObject({
        status: 200,
        json: { unregistered: true, name: "config-db" },
      });
      const output = server.stdout() + server.stderr();
      expect(output).toContain('"msg":"listening"');
      expect(output).not.toContain(MYSQL_PASSWORD);
      expect(output).not.toContain(mysqlUrl);
      expect(output).not.toContain(adminToken);
    });
  });

  it("stops on SIGTERM with its ingest poller running: exit 0, no error logged, no secret written", async () => {
    expect((await list()).find((c) => c.name === "users-ingest")).toMatchObject({
      isPolling: true,
    });
    expect(await server.stop("SIGTERM")).toEqual({ code: 0, signal: null });
    expect(server.logs().filter((l) => l.level === "error")).toEqual([]);
    const output = server.stdout() + server.stderr();
    expect(output).not.toContain(MYSQL_PASSWORD);
    expect(output).not.toContain(mysqlUrl);
  });
});
