import { randomBytes } from "node:crypto";
import { type MySqlClient, mysqlClient } from "@lakesync/adapter-mysql";
import { pgliteClient, postgresJsClient, type SqlClient } from "@lakesync/adapter-postgres";
import { createGatewayApp, createTokenVerifier, signToken } from "@lakesync/gateway";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConnectorFactories } from "../connectors/factories.js";
import { createUrlGuard } from "../connectors/url-guard.js";
import { createSecretBox } from "../crypto/secret-box.js";
import { createServerHost, type ServerHost } from "../host/server-host.js";
import { defaultConnectorFactories } from "./default-factories.js";

// The postgres connector through the real host: the spec's register body with an ingest
// table on the test PostgreSQL, deltas in a pull, unregister stopping the poller.

const PG_URL = process.env.LAKESYNC_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:55432/postgres";
const SECRET = "default-factories-test-secret-of-32-bytes+";
const GW = "my-gw";

let store: SqlClient;
let admin: SqlClient;
let schema: string;
let sourceUrl: string;
let host: ServerHost;
let app: ReturnType<typeof createGatewayApp>;
let adminToken: string;
let clientToken: string;

beforeAll(async () => {
  schema = `lakesync_factory_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  admin = postgresJsClient(PG_URL, { max: 1 });
  await admin.query(`create schema "${schema}"`);
  await admin.query(
    `create table "${schema}".events (id int primary key, title text not null, updated_at timestamptz not null default clock_timestamp())`,
  );
  await admin.query(
    `insert into "${schema}".events (id, title) select i, 'event ' || i from generate_series(1, 3) i`,
  );
  sourceUrl = `${PG_URL}${PG_URL.includes("?") ? "&" : "?"}search_path=${schema}`;
  store = pgliteClient(undefined);
  host = createServerHost({
    client: store,
    secretBox: await createSecretBox(randomBytes(32)),
    factories: new ConnectorFactories(defaultConnectorFactories()),
    urlGuard: createUrlGuard({ allowPrivateUrls: false }),
    lookup: null,
    log: () => {},
    flushIntervalMs: 0,
    backoff: { baseMs: 50, capMs: 200 },
  });
  await host.restore();
  app = createGatewayApp({ host, auth: createTokenVerifier({ secret: SECRET }) });
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
}, 120_000);

afterAll(async () => {
  await host?.shutdown();
  await admin?.query(`drop schema if exists "${schema}" cascade`);
  await admin?.close();
});

function call(method: string, path: string, token: string, json?: unknown): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (json !== undefined) headers["content-type"] = "application/json";
  return Promise.resolve(
    app.request(path, {
      method,
      headers,
      ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
    }),
  );
}

async function pulledRowIds(
  source?: string,
  table = "events",
): Promise<{ ids: string[]; warnings?: string[] }> {
  const query = `since=0&clientId=app-1&limit=1000${source ? `&source=${source}` : ""}`;
  const res = await call("GET", `/sync/${GW}/pull?${query}`, clientToken);
  expect(res.status).toBe(200);
  const body = (await res.json()) as {
    deltas: { table: string; rowId: string }[];
    warnings?: string[];
  };
  return {
    ids: body.deltas.filter((d) => d.table === table).map((d) => d.rowId),
    ...(body.warnings ? { warnings: body.warnings } : {}),
  };
}

async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("postgres connectors on the server host (default factories)", () => {
  it("registers the spec's body with ingest, pulls its deltas and stops on unregister", async () => {
    const body = {
      name: "users-db",
      type: "postgres",
      postgres: { connectionString: sourceUrl },
      ingest: {
        intervalMs: 200,
        tables: [
          {
            table: "events",
            query: "SELECT * FROM events",
            strategy: { type: "cursor", cursorColumn: "updated_at" },
          },
        ],
      },
    };
    const registered = await call("POST", `/admin/connectors/${GW}`, adminToken, body);
    expect(registered.status).toBe(201);
    expect(await registered.json()).toEqual({ registered: true, name: "users-db" });

    await eventually(async () => (await pulledRowIds()).ids.length === 3, "the first poll");
    expect((await pulledRowIds()).ids.sort()).toEqual(["1", "2", "3"]);
    await admin.query(
      `update "${schema}".events set title = 'x', updated_at = clock_timestamp() where id = 2`,
    );
    await eventually(async () => (await pulledRowIds()).ids.length === 4, "the update");

    // `?source=` reads the source database's own delta log: it has none.
    const sourced = await pulledRowIds("users-db");
    expect(sourced.ids).toEqual([]);
    expect(sourced.warnings?.join(" ")).toMatch(/no LakeSync delta log/);

    const listed = await call("GET", `/admin/connectors/${GW}`, adminToken);
    const list = (await listed.json()) as { name: string; isPolling: boolean }[];
    expect(list).toMatchObject([{ name: "users-db", isPolling: true }]);
    expect(JSON.stringify(list)).not.toContain(schema);

    const removed = await call("DELETE", `/admin/connectors/${GW}/users-db`, adminToken);
    expect(removed.status).toBe(200);
    await admin.query(`insert into "${schema}".events (id, title) values (4, 'after')`);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect((await pulledRowIds()).ids).toHaveLength(4);
    const gone = await call(
      "GET",
      `/sync/${GW}/pull?since=0&clientId=app-1&source=users-db`,
      clientToken,
    );
    expect(gone.status).toBe(404);
  });

  it("backs off with a lastError naming the table while it is gone, then resumes", async () => {
    await admin.query(`create table "${schema}".flags (id int primary key, on_off boolean)`);
    await admin.query(`insert into "${schema}".flags values (1, true)`);
    const registered = await call("POST", `/admin/connectors/${GW}`, adminToken, {
      name: "flags-db",
      type: "postgres",
      postgres: { connectionString: sourceUrl },
      ingest: {
        intervalMs: 100,
        tables: [{ table: "flags", query: "SELECT * FROM flags", strategy: { type: "diff" } }],
      },
    });
    expect(registered.status).toBe(201);
    type Status = { name: string; state: string; lastError: string | null };
    const status = async () => {
      const res = await call("GET", `/admin/connectors/${GW}`, adminToken);
      const list = (await res.json()) as Status[];
      return list.find((s) => s.name === "flags-db");
    };
    const flagRows = async () => (await pulledRowIds(undefined, "flags")).ids.sort();
    await eventually(
      async () => (await status())?.lastError === null && (await status())?.state === "polling",
      "polling",
    );

    await admin.query(`alter table "${schema}".flags rename to flags_away`);
    await eventually(async () => (await status())?.state === "backing_off", "backing_off");
    expect((await status())?.lastError).toMatch(/Table "flags": .*relation "flags" does not exist/);

    await admin.query(`insert into "${schema}".flags_away values (2, false)`);
    await admin.query(`alter table "${schema}".flags_away rename to flags`);
    await eventually(async () => (await status())?.state === "polling", "polling again");
    await eventually(async () => (await flagRows()).includes("2"), "the row added meanwhile");
    expect(await flagRows()).toEqual(["1", "2"]);
    expect((await call("DELETE", `/admin/connectors/${GW}/flags-db`, adminToken)).status).toBe(200);
  });

  it("refuses a query that does not run with the database's message, storing nothing", async () => {
    const res = await call("POST", `/admin/connectors/${GW}`, adminToken, {
      name: "broken-db",
      type: "postgres",
      postgres: { connectionString: sourceUrl },
      ingest: {
        tables: [{ table: "nope", query: "SELECT * FROM nope", strategy: { type: "diff" } }],
      },
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("CONNECTOR_CHECK_FAILED");
    expect(body.error.message).toMatch(
      /ingest\.tables\[0\] \("nope"\).*relation "nope" does not exist/,
    );
    const listed = (await (
      await call("GET", `/admin/connectors/${GW}`, adminToken)
    ).json()) as unknown[];
    expect(listed).toEqual([]);
  });

  it("syncs timestamps with their microseconds, and sees a change of microseconds alone", async () => {
    await admin.query(`create table "${schema}".stamps (id int primary key, at timestamptz)`);
    await admin.query(`insert into "${schema}".stamps values (1, '2024-05-01 10:20:30.123456+00')`);
    const registered = await call("POST", `/admin/connectors/${GW}`, adminToken, {
      name: "stamps-db",
      type: "postgres",
      postgres: { connectionString: sourceUrl },
      ingest: {
        intervalMs: 100,
        tables: [{ table: "stamps", query: "SELECT * FROM stamps", strategy: { type: "diff" } }],
      },
    });
    expect(registered.status).toBe(201);
    const stamps = async () => {
      const res = await call(
        "GET",
        `/sync/${GW}/pull?since=0&clientId=app-1&limit=1000`,
        clientToken,
      );
      const body = (await res.json()) as {
        deltas: { table: string; columns: { column: string; value: unknown }[] }[];
      };
      return body.deltas
        .filter((d) => d.table === "stamps")
        .map((d) => d.columns.find((c) => c.column === "at")?.value);
    };
    await eventually(async () => (await stamps()).length === 1, "the first poll");
    expect(await stamps()).toEqual(["2024-05-01 10:20:30.123456+00"]);
    await admin.query(`update "${schema}".stamps set at = at + interval '1 microsecond'`);
    await eventually(async () => (await stamps()).length === 2, "the microsecond update");
    expect((await stamps())[1]).toBe("2024-05-01 10:20:30.123457+00");
    expect((await call("DELETE", `/admin/connectors/${GW}/stamps-db`, adminToken)).status).toBe(
      200,
    );
  });

  it("refuses an unreachable database without showing its password", async () => {
    const res = await call("POST", `/admin/connectors/${GW}`, adminToken, {
      name: "down-db",
      type: "postgres",
      postgres: { connectionString: "postgres://someone:sup3r-secret@127.0.0.1:1/db" },
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    const text = await res.text();
    expect(text).toMatch(/Cannot reach PostgreSQL/);
    expect(text).not.toContain("sup3r-secret");
  });
});

const MYSQL_URL = process.env.LAKESYNC_TEST_MYSQL_URL ?? "mysql://app:apppw@127.0.0.1:33306/app";

describe("mysql connectors on the server host (default factories)", () => {
  let database: string;
  let mysqlAdmin: MySqlClient;

  beforeAll(async () => {
    database = `lakesync_flags_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
    mysqlAdmin = mysqlClient(MYSQL_URL, { poolSize: 1 });
    await mysqlAdmin.query(`CREATE DATABASE \`${database}\``);
    await mysqlAdmin.query(
      `CREATE TABLE \`${database}\`.feature_flags (id INT PRIMARY KEY, flag_name VARCHAR(64) NOT NULL, enabled BOOLEAN NOT NULL)`,
    );
    await mysqlAdmin.query(
      `INSERT INTO \`${database}\`.feature_flags VALUES (1, 'dark_mode', 1), (2, 'beta', 0), (3, 'legacy', 1)`,
    );
  }, 60_000);

  afterAll(async () => {
    await mysqlAdmin?.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await mysqlAdmin?.close();
  });

  it("runs the spec's MySQL diff example: inserts, then an update and a hard delete", async () => {
    const url = new URL(MYSQL_URL);
    url.pathname = `/${database}`;
    const body = {
      name: "config-db",
      type: "mysql",
      mysql: { connectionString: url.toString() },
      ingest: {
        intervalMs: 200,
        tables: [
          {
            table: "feature_flags",
            query: "SELECT id, flag_name, enabled FROM feature_flags",
            strategy: { type: "diff" },
          },
        ],
      },
    };
    const registered = await call("POST", `/admin/connectors/${GW}`, adminToken, body);
    expect(registered.status).toBe(201);

    const flags = async () => {
      const res = await call("GET", `/sync/${GW}/pull?since=0&limit=1000`, clientToken);
      const page = (await res.json()) as { deltas: { table: string; op: string; rowId: string }[] };
      return page.deltas
        .filter((d) => d.table === "feature_flags")
        .map((d) => `${d.op} ${d.rowId}`);
    };
    await eventually(async () => (await flags()).length === 3, "the first diff poll");
    expect((await flags()).sort()).toEqual(["INSERT 1", "INSERT 2", "INSERT 3"]);

    await mysqlAdmin.query(`UPDATE \`${database}\`.feature_flags SET enabled = 1 WHERE id = 2`);
    await mysqlAdmin.query(`DELETE FROM \`${database}\`.feature_flags WHERE id = 3`);
    await eventually(async () => (await flags()).length === 5, "the update and the delete");
    expect((await flags()).slice(3).sort()).toEqual(["DELETE 3", "UPDATE 2"]);

    const listed = (await (await call("GET", `/admin/connectors/${GW}`, adminToken)).json()) as {
      name: string;
      state: string;
    }[];
    expect(listed.find((c) => c.name === "config-db")).toMatchObject({ state: "polling" });
    expect(JSON.stringify(listed)).not.toContain("apppw");
    expect((await call("DELETE", `/admin/connectors/${GW}/config-db`, adminToken)).status).toBe(
      200,
    );
  });
});
