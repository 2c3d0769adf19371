import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  specBodyWith,
  specConnectorBodies,
  specSchema,
  specSecrets,
  specSyncRules,
} from "@lakesync/core/testing";
import { type RowDeltaJson, signToken } from "@lakesync/gateway";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertJson } from "./support/deltas.js";
import { httpCaller } from "./support/http-call.js";
import { killLeftovers, type ServerProcess, spawnServer } from "./support/server-process.js";
import { waitFor } from "./support/wait.js";
import { TestSocket } from "./support/ws-client.js";

/**
 * The real `lakesync-gateway` process (`bun src/main.ts`, as `npm start` runs it) on a free
 * port with the embedded store, driven over HTTP with the spec's curl bodies, stopped with
 * SIGTERM and started again on the same data dir.
 */

const SECRET = "process-suite-secret-of-at-least-32-bytes!";
const GW = "my-gw";

/** The test PostgreSQL (`scripts/services.sh start`): postgres connectors now connect on register. */
const PG_URL = process.env.LAKESYNC_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:55432/postgres";

/** The spec's curl bodies, the postgres one pointed at the test database, the APIs at nothing. */
const SPEC_CONNECTORS = {
  "analytics-db": specBodyWith(specConnectorBodies.analyticsDb, {
    block: { connectionString: PG_URL },
  }),
  "jira-eng": specBodyWith(specConnectorBodies.jiraEng, {
    block: { baseUrl: "http://127.0.0.1:9" },
  }),
  "sf-crm": specBodyWith(specConnectorBodies.sfCrm, { block: { loginUrl: "http://127.0.0.1:9" } }),
};

describe("the lakesync-gateway process", () => {
  let dataDir: string;
  let adminToken: string;
  const runs: ServerProcess[] = [];
  let url = "";
  const pushed: RowDeltaJson[] = [
    insertJson("app-1", "jira_issues", "ENG-1", {
      key: "ENG-1",
      summary: "a",
      status: "Open",
      project_key: "ENG",
    }),
    insertJson("app-1", "jira_issues", "ENG-2", {
      key: "ENG-2",
      summary: "b",
      status: "Done",
      project_key: "ENG",
    }),
    insertJson("app-1", "jira_issues", "OPS-1", {
      key: "OPS-1",
      summary: "c",
      status: "Open",
      project_key: "OPS",
    }),
    insertJson("app-1", "sf_opportunities", "006A", { name: "Deal", owner_name: "Ada" }),
  ];

  const env = () => ({
    PORT: "0",
    HOST: "127.0.0.1",
    LAKESYNC_JWT_SECRET: SECRET,
    LAKESYNC_DATA_DIR: dataDir,
    // The Jira poller is pointed at a closed local port: tests never reach outside the machine.
    LAKESYNC_ALLOW_PRIVATE_URLS: "1",
    LOG_LEVEL: "debug",
  });
  const start = async () => {
    const run = spawnServer(env());
    runs.push(run);
    url = await run.listening();
    return run;
  };
  const clientToken = (claims: Record<string, unknown>) =>
    signToken({ secret: SECRET, sub: "app-2", gw: GW, role: "client", expiresIn: 600, claims });
  const call = httpCaller(
    () => url,
    () => adminToken,
  );
  const pullRows = async (claims: Record<string, unknown>) => {
    const res = await call(
      "GET",
      `/sync/${GW}/pull?since=0&clientId=app-2`,
      undefined,
      await clientToken(claims),
    );
    expect(res.status).toBe(200);
    const page = res.json as { deltas: RowDeltaJson[]; hasMore: boolean };
    expect(page.hasMore).toBe(false);
    return page.deltas;
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "lakesync-process-"));
    adminToken = await signToken({
      secret: SECRET,
      sub: "admin",
      gw: GW,
      role: "admin",
      expiresIn: 600,
    });
  });

  afterAll(async () => {
    killLeftovers();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("starts, answers health and GET /connectors/types without a token, and guards admin routes", async () => {
    await start();
    expect(await call("GET", "/health", undefined, null)).toMatchObject({
      status: 200,
      json: { status: "ok" },
    });
    const types = await call("GET", "/connectors/types", undefined, null);
    expect(types.status).toBe(200);
    expect((types.json as { type: string }[]).map((t) => t.type)).toEqual(
      expect.arrayContaining(["postgres", "mysql", "bigquery", "jira", "salesforce"]),
    );
    expect((await call("GET", `/admin/connectors/${GW}`, undefined, null)).status).toBe(401);
    const client = await clientToken({});
    expect((await call("GET", `/admin/connectors/${GW}`, undefined, client)).status).toBe(403);
  });

  it("registers the spec's connectors and lists them without secrets", async () => {
    // The postgres runtime checks the database first: an unreachable one is refused, unstored.
    const unreachable = await call(
      "POST",
      `/admin/connectors/${GW}`,
      specConnectorBodies.analyticsDb,
    );
    expect(unreachable.status).toBe(400);
    expect(unreachable.json).toMatchObject({ error: { code: "CONNECTOR_CHECK_FAILED" } });
    for (const secret of specSecrets) expect(unreachable.text).not.toContain(secret);
    for (const [name, body] of Object.entries(SPEC_CONNECTORS)) {
      const res = await call("POST", `/admin/connectors/${GW}`, body);
      expect(res.status).toBe(201);
      expect(res.json).toMatchObject({ registered: true, name });
    }
    const duplicate = await call("POST", `/admin/connectors/${GW}`, SPEC_CONNECTORS["jira-eng"]);
    expect(duplicate).toMatchObject({ status: 409, json: { error: { code: "CONNECTOR_EXISTS" } } });

    const list = await call("GET", `/admin/connectors/${GW}`);
    expect(list.status).toBe(200);
    // postgres has its runtime (a source, no ingest: idle); jira polls a closed port and backs
    // off without showing its token; a type without a runtime is kept and says so.
    const jira = await waitFor("the jira poller to back off", async () => {
      const listed = (await call("GET", `/admin/connectors/${GW}`)).json as {
        name: string;
        state: string;
      }[];
      return listed.find((c) => c.name === "jira-eng" && c.state === "backing_off");
    });
    expect(jira).toMatchObject({ isPolling: true, hasIngest: true });
    expect(JSON.stringify(jira)).not.toContain("ATATT3");
    expect(list.json).toMatchObject([
      {
        name: "analytics-db",
        type: "postgres",
        hasIngest: false,
        isPolling: false,
        state: "idle",
        lastError: null,
      },
      { name: "jira-eng", type: "jira", hasIngest: true, isPolling: true },
      { name: "sf-crm", type: "salesforce", hasIngest: true, isPolling: true },
    ]);
    for (const secret of specSecrets) expect(list.text).not.toContain(secret);
  });

  it("applies the spec's sync rules and a schema, broadcasts pushes and pulls them back filtered by jwt: claims", async () => {
    expect((await call("POST", `/admin/sync-rules/${GW}`, specSyncRules)).status).toBe(200);
    expect((await call("POST", `/admin/schema/${GW}`, specSchema)).status).toBe(200);

    // A WebSocket client of team ENG, on the Bun runtime the server runs on.
    const socket = await TestSocket.open(
      `${url.replace("http:", "ws:")}/sync/${GW}/ws?token=${await clientToken({ team: "ENG" })}`,
    );
    const push = await call(
      "POST",
      `/sync/${GW}/push`,
      JSON.stringify({ clientId: "app-1", deltas: pushed }),
      await clientToken({}),
    );
    expect(push).toMatchObject({ status: 200, json: { accepted: 4 } });
    const broadcast = await socket.next((m) => m.type === "deltas");
    expect((broadcast.data.deltas as RowDeltaJson[]).map((d) => d.rowId)).toEqual([
      "ENG-1",
      "ENG-2",
    ]);
    socket.close();

    expect((await pullRows({ team: "ENG" })).map((d) => d.rowId)).toEqual(["ENG-1", "ENG-2"]);
    expect((await pullRows({ team: "OPS" })).map((d) => d.rowId)).toEqual(["OPS-1"]);
    expect((await pullRows({ name: "Ada" })).map((d) => d.rowId)).toEqual(["006A"]);
    expect(await pullRows({ team: "QA" })).toEqual([]);
  });

  it("stops on SIGTERM with a final flush and exit code 0", async () => {
    const run = runs.at(-1) as ServerProcess;
    const status = await run.stop("SIGTERM");
    expect(status).toEqual({ code: 0, signal: null });
    const messages = run.logs().map((l) => l.msg);
    expect(messages).toEqual(
      expect.arrayContaining(["shutting down", "gateway host shut down", "server closed"]),
    );
    expect(messages).not.toContain("final flush failed: buffered deltas are lost");
    expect(run.logs().filter((l) => l.level === "error")).toEqual([]);
  });

  it("restarts on the same data dir with its connectors, sync rules and deltas", async () => {
    const run = await start();
    const list = await call("GET", `/admin/connectors/${GW}`);
    expect(list.status).toBe(200);
    expect(
      (list.json as { name: string; type: string; hasIngest: boolean }[]).map(
        ({ name, type, hasIngest }) => ({ name, type, hasIngest }),
      ),
    ).toEqual([
      { name: "analytics-db", type: "postgres", hasIngest: false },
      { name: "jira-eng", type: "jira", hasIngest: true },
      { name: "sf-crm", type: "salesforce", hasIngest: true },
    ]);
    for (const secret of specSecrets) expect(list.text).not.toContain(secret);

    // The rules came back (a pull filtered by jwt:team), and so did the deltas, unchanged.
    const eng = await pullRows({ team: "ENG" });
    expect(eng).toEqual(pushed.slice(0, 2));
    expect((await pullRows({ team: "OPS" })).map((d) => d.deltaId)).toEqual([pushed[2]?.deltaId]);
    expect((await pullRows({ name: "Ada" })).map((d) => d.rowId)).toEqual(["006A"]);

    // The registry still refuses a taken name, and unregistering works after a restart.
    expect((await call("POST", `/admin/connectors/${GW}`, SPEC_CONNECTORS["sf-crm"])).status).toBe(
      409,
    );
    expect(await call("DELETE", `/admin/connectors/${GW}/sf-crm`)).toMatchObject({
      status: 200,
      json: { unregistered: true, name: "sf-crm" },
    });

    // One server per data dir.
    const second = spawnServer(env());
    expect((await second.exited).code).toBe(1);
    expect(second.stderr()).toMatch(/in use by another LakeSync server \(pid \d+\)/);

    // A port in use is a clear startup error.
    const otherDir = await mkdtemp(join(tmpdir(), "lakesync-port-"));
    const clash = spawnServer({ ...env(), PORT: new URL(url).port, LAKESYNC_DATA_DIR: otherDir });
    expect((await clash.exited).code).toBe(1);
    expect(clash.stderr()).toContain(`cannot start: PORT ${new URL(url).port} is already in use`);
    await rm(otherDir, { recursive: true, force: true });

    expect(await run.stop("SIGTERM")).toEqual({ code: 0, signal: null });

    // Another encryption key cannot open the stored configs: refused, the data dir left usable.
    const wrongKey = spawnServer({
      ...env(),
      LAKESYNC_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString("base64"),
    });
    expect((await wrongKey.exited).code).toBe(1);
    expect(wrongKey.stderr()).toMatch(/cannot start: The encryption key does not match/);
    await expect(stat(join(dataDir, "server.pid"))).rejects.toThrow(/ENOENT/);
  });

  it("never wrote a secret to stdout, stderr or the data dir in clear", async () => {
    const output = runs.map((r) => r.stdout() + r.stderr()).join("\n");
    expect(output).toContain('"msg":"listening"');
    for (const secret of [...specSecrets, SECRET, adminToken]) expect(output).not.toContain(secret);
    const files = await listFiles(dataDir);
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const bytes = await readFile(file);
      for (const secret of specSecrets)
        expect(bytes.includes(secret), `${secret} in ${file}`).toBe(false);
    }
    const key = await stat(join(dataDir, "encryption.key"));
    expect(key.mode & 0o777).toBe(0o600);
  });
});

describe("the lakesync-gateway process without LAKESYNC_JWT_SECRET", () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "lakesync-dev-"));
  });
  afterAll(async () => {
    killLeftovers();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("prints an admin token and a curl line that work, and logs the token nowhere else", async () => {
    const run = spawnServer({
      PORT: "0",
      LAKESYNC_DATA_DIR: dataDir,
      LAKESYNC_DEV_GATEWAY: "dev-gw",
    });
    const url = await run.listening();
    expect(url).toMatch(/^http:\/\/localhost:\d+$/);
    const out = run.stdout();
    expect(out).toContain(
      "LakeSync DEV MODE: neither LAKESYNC_JWT_SECRET nor LAKESYNC_JWKS_URL is set.",
    );
    const curl = /curl (\S+) -H "Authorization: Bearer ([^"]+)"/.exec(out);
    expect(curl?.[1]).toBe(`${url}/admin/connectors/dev-gw`);
    const token = curl?.[2] as string;

    const res = await fetch(curl?.[1] as string, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([]);
    const wrongGw = await fetch(`${url}/admin/connectors/my-gw`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(wrongGw.status).toBe(403);

    // Printed in the block (the token line and the curl line), in no log line.
    expect(out.split(token).length - 1).toBe(2);
    expect(run.logs().some((l) => JSON.stringify(l).includes(token))).toBe(false);
    expect(await run.stop("SIGINT")).toEqual({ code: 0, signal: null });
  });
});

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}
