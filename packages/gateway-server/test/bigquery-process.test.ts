import { postgresJsClient, type SqlClient } from "@lakesync/adapter-postgres";
import { specBodyWith, specConnectorBodies } from "@lakesync/core/testing";
import { type RowDeltaJson, signToken } from "@lakesync/gateway";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// The adapter package's own wire-format fake, on a real port.
import { FakeBigQuery } from "../../adapter-bigquery/src/testing/fake/fake-bigquery.js";
import { httpCaller } from "./support/http-call.js";
import { killLeftovers, type ServerProcess, spawnServer } from "./support/server-process.js";
import { TestSocket } from "./support/ws-client.js";

/**
 * The spec's "BigQuery with Ingest Polling" curl example against the real `lakesync-gateway`
 * process, with a local BigQuery (REST API v2) as `apiEndpoint`: the server is started with
 * LAKESYNC_ALLOW_PRIVATE_URLS=1, as any server reaching an emulator on a private address
 * must be. Its store is the test PostgreSQL (LAKESYNC_STORE_URL), in a schema of its own.
 */

const SECRET = "bigquery-process-suite-secret-of-32-bytes!";
const GW = "my-gw";
const PG_URL = process.env.LAKESYNC_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:55432/postgres";
const STORE_SCHEMA = `lakesync_bqproc_${process.pid}_${Date.now().toString(36)}`;

/** The spec's body but for `apiEndpoint`, which points at the local BigQuery. */
const specBody = (apiEndpoint: string) =>
  specBodyWith(specConnectorBodies.bqEvents, { block: { apiEndpoint } });

describe("the spec's BigQuery example against the lakesync-gateway process", () => {
  let fake: FakeBigQuery;
  let server: ServerProcess;
  let admin: SqlClient;
  let url = "";
  let adminToken: string;
  let clientToken: string;

  const call = httpCaller(
    () => url,
    () => adminToken,
  );
  const pull = async (source?: string) => {
    const query = `since=0&clientId=app-1${source ? `&source=${source}` : ""}`;
    const res = await call("GET", `/sync/${GW}/pull?${query}`, undefined, clientToken);
    expect(res.status).toBe(200);
    return res.json as { deltas: RowDeltaJson[]; warnings?: string[] };
  };

  beforeAll(async () => {
    fake = await FakeBigQuery.start();
    await fake.exec(
      `CREATE SCHEMA events_ds;
       CREATE TABLE events_ds.events (id INT64, kind STRING, updated_at TIMESTAMP);
       INSERT INTO events_ds.events VALUES
         (1, 'signup', TIMESTAMP '2024-03-01 09:00:00.000001+00'),
         (2, 'login', TIMESTAMP '2024-03-01 09:00:00.000001+00'),
         (3, 'logout', TIMESTAMP '2024-03-01 09:00:02+00')`,
    );
    admin = postgresJsClient(PG_URL, { max: 1 });
    await admin.query(`create schema "${STORE_SCHEMA}"`);
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
    server = spawnServer({
      PORT: "0",
      HOST: "127.0.0.1",
      LAKESYNC_JWT_SECRET: SECRET,
      LAKESYNC_STORE_URL: `${PG_URL}${PG_URL.includes("?") ? "&" : "?"}search_path=${STORE_SCHEMA}`,
      LAKESYNC_ALLOW_PRIVATE_URLS: "1",
    });
    url = await server.listening();
  }, 60_000);

  afterAll(async () => {
    try {
      if (server) await server.stop("SIGTERM").catch(() => undefined);
    } finally {
      killLeftovers();
      await fake?.stop();
      await admin?.query(`drop schema if exists "${STORE_SCHEMA}" cascade`).catch(() => {});
      await admin?.close().catch(() => {});
    }
  }, 60_000);

  it("registers it, polls at once, broadcasts the rows and lists it as polling", async () => {
    const socket = await TestSocket.open(
      `${url.replace("http:", "ws:")}/sync/${GW}/ws?token=${clientToken}`,
    );
    try {
      const res = await call("POST", `/admin/connectors/${GW}`, specBody(fake.url));
      expect(res.status).toBe(201);
      expect(res.json).toEqual({ registered: true, name: "bq-events" });

      // The poller starts at once on register: the three rows arrive without waiting 30 s.
      const seen = new Set<string>();
      await socket.next(
        (m) => {
          if (m.type !== "deltas") return false;
          for (const d of m.deltas as RowDeltaJson[]) if (d.table === "events") seen.add(d.rowId);
          return seen.size === 3;
        },
        { timeoutMs: 15_000 },
      );
      const deltas = (await pull()).deltas;
      expect(deltas).toHaveLength(3);
      expect(deltas.every((d) => d.table === "events" && d.clientId === "ingest:bq-events")).toBe(
        true,
      );
      const second = deltas.find((d) => d.rowId === "2");
      expect(second?.columns).toEqual(
        expect.arrayContaining([
          { column: "kind", value: "login" },
          { column: "updated_at", value: "2024-03-01T09:00:00.000001Z" },
        ]),
      );

      const listed = await call("GET", `/admin/connectors/${GW}`);
      expect(listed.json).toEqual([
        expect.objectContaining({
          name: "bq-events",
          type: "bigquery",
          hasIngest: true,
          isPolling: true,
        }),
      ]);
      // The source pull reads the dataset's delta log; this dataset has none yet.
      const source = await pull("bq-events");
      expect(source.deltas).toEqual([]);
      expect(source.warnings?.[0]).toMatch(/no LakeSync delta log/);
      // The server sent no Google credentials to the endpoint.
      expect(fake.requests.every((r) => r.authorization === undefined)).toBe(true);
    } finally {
      socket.close();
    }
  });

  it("refuses a query on a missing table with BigQuery's message, and unregisters", async () => {
    const refused = await call(
      "POST",
      `/admin/connectors/${GW}`,
      specBody(fake.url)
        .replace('"bq-events"', '"bq-broken"')
        .replace("FROM events", "FROM evnets"),
    );
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({
      error: {
        code: "CONNECTOR_CHECK_FAILED",
        message: expect.stringMatching(/Not found: Table my-project:events_ds.evnets/),
      },
    });
    const gone = await call("DELETE", `/admin/connectors/${GW}/bq-events`);
    expect(gone.json).toEqual({ unregistered: true, name: "bq-events" });
    expect((await call("GET", `/admin/connectors/${GW}`)).json).toEqual([]);
  });
});
