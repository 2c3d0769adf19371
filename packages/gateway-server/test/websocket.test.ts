import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { signToken } from "@lakesync/gateway";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseServerConfig } from "../src/config/env.js";
import { createServerLogger } from "../src/logging/logger.js";
import { type RunningServer, startServer } from "../src/server/start-server.js";
import { insert, insertJson } from "./support/deltas.js";
import { waitFor } from "./support/wait.js";
import { refused, TestSocket } from "./support/ws-client.js";

const SECRET = "websocket-test-secret-of-at-least-32-bytes";
const GW = "my-gw";

/** The sync WebSocket of a real server (in-process, on a port), with sync rules per team. */
describe("GET /sync/:gw/ws", () => {
  let dataDir: string;
  let server: RunningServer;
  let wsUrl: string;
  const logLines: string[] = [];
  const sockets: TestSocket[] = [];

  const token = (sub: string, claims: Record<string, unknown> = {}, gw = GW, secret = SECRET) =>
    signToken({ secret, sub, gw, role: "client", expiresIn: 3600, claims });
  const connect = async (sub: string, team: string, query = "") => {
    const socket = await TestSocket.open(`${wsUrl}${query}`, {
      authorization: `Bearer ${await token(sub, { team })}`,
    });
    sockets.push(socket);
    return socket;
  };
  const httpPush = async (clientId: string, deltas: unknown[]) => {
    const res = await fetch(`${server.url}/sync/${GW}/push`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${await token(clientId)}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ clientId, deltas }),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as { serverHlc: string; accepted: number };
  };
  const rowIds = (m: { data: Record<string, unknown> }) =>
    (m.data.deltas as { rowId: string }[]).map((d) => d.rowId);

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "lakesync-ws-"));
    const config = parseServerConfig({
      PORT: "0",
      HOST: "127.0.0.1",
      LAKESYNC_JWT_SECRET: SECRET,
      LAKESYNC_DATA_DIR: dataDir,
      LOG_LEVEL: "debug",
    });
    server = await startServer({
      config,
      logger: createServerLogger({ level: "debug", write: (line) => logLines.push(line) }),
      heartbeatMs: 100,
    });
    wsUrl = `ws://127.0.0.1:${server.port}/sync/${GW}/ws`;
    const admin = await signToken({
      secret: SECRET,
      sub: "admin",
      gw: GW,
      role: "admin",
      expiresIn: 600,
    });
    const rules = await fetch(`${server.url}/admin/sync-rules/${GW}`, {
      method: "POST",
      headers: { authorization: `Bearer ${admin}`, "content-type": "application/json" },
      body: JSON.stringify({
        buckets: [
          {
            name: "team-todos",
            tables: ["todos"],
            filters: [{ column: "team", op: "eq", value: "jwt:team" }],
          },
        ],
      }),
    });
    expect(rules.status).toBe(200);
  }, 60_000);

  afterAll(async () => {
    for (const socket of sockets) socket.ws.terminate();
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  it("sends a WebSocket push to each other client whose claims admit it, within 100 ms of the ack", async () => {
    const a = await connect("client-a", "ENG");
    const b = await connect("client-b", "ENG");
    const c = await connect("client-c", "OPS");

    a.send({
      type: "push",
      id: 1,
      deltas: [insertJson("client-a", "todos", "t1", { title: "ship", team: "ENG" })],
    });
    const ack = await a.next((m) => m.type === "ack" && m.id === 1);
    expect(ack.data).toMatchObject({ type: "ack", id: 1, accepted: 1 });
    expect(ack.data.serverHlc).toMatch(/^\d+$/);

    const toB = await b.next((m) => m.type === "deltas");
    expect(rowIds(toB)).toEqual(["t1"]);
    expect(toB.data.serverHlc).toBe(ack.data.serverHlc);
    expect(toB.at - ack.at).toBeLessThan(100);

    // C's claims do not admit t1; A pushed it. Later pushes each of them can see arrive first,
    // so nothing was sent before them (a socket delivers in order).
    await httpPush("http-1", [insertJson("http-1", "todos", "o1", { title: "ops", team: "OPS" })]);
    const toC = await c.next((m) => m.type === "deltas");
    expect(rowIds(toC)).toEqual(["o1"]);
    await httpPush("http-1", [insertJson("http-1", "todos", "e2", { title: "eng", team: "ENG" })]);
    const toA = await a.next((m) => m.type === "deltas");
    expect(rowIds(toA)).toEqual(["e2"]);
    expect(c.ofType("deltas").flatMap(rowIds)).toEqual(["o1"]);
    expect(b.ofType("deltas").flatMap(rowIds)).toEqual(["t1", "e2"]);
  });

  it("broadcasts an HTTP push, without echoing it to a socket of the pushing client", async () => {
    const d = await connect("client-d", "ENG");
    const same = await connect("client-e", "ENG", "?clientId=http-2");
    await httpPush("http-2", [
      insertJson("http-2", "todos", "h1", { title: "via http", team: "ENG" }),
    ]);
    const toD = await d.next((m) => m.type === "deltas");
    expect(rowIds(toD)).toEqual(["h1"]);
    // The socket whose clientId is the pusher's gets the next change, not its own.
    await httpPush("http-3", [insertJson("http-3", "todos", "h2", { title: "next", team: "ENG" })]);
    const toSame = await same.next((m) => m.type === "deltas");
    expect(rowIds(toSame)).toEqual(["h2"]);
  });

  it("sends a connector poller's push (clientId ingest:<name>) to every client it admits", async () => {
    const eng = await connect("client-f", "ENG");
    const ops = await connect("client-g", "OPS");
    const gateway = await server.host.gateway(GW);
    const pushed = await gateway.push({
      clientId: "ingest:jira-eng",
      deltas: [
        insert("ingest:jira-eng", "todos", "p1", { title: "from jira", team: "ENG" }),
        insert("ingest:jira-eng", "todos", "p2", { title: "from jira", team: "OPS" }),
      ],
      lastSeenHlc: 0n,
    });
    expect(pushed.ok).toBe(true);
    expect(rowIds(await eng.next((m) => m.type === "deltas"))).toEqual(["p1"]);
    expect(rowIds(await ops.next((m) => m.type === "deltas"))).toEqual(["p2"]);
  });

  it("refuses upgrades without a valid token for the gateway", async () => {
    expect(await refused(wsUrl)).toMatchObject({
      status: 401,
      body: { error: { code: "UNAUTHORIZED" } },
    });
    expect(await refused(`${wsUrl}?token=not-a-jwt`)).toMatchObject({ status: 401 });
    const forged = await token("x", {}, GW, "another-secret-of-at-least-32-bytes-long");
    expect(await refused(wsUrl, { authorization: `Bearer ${forged}` })).toMatchObject({
      status: 401,
      body: { error: { code: "UNAUTHORIZED", message: "Token signature is not valid" } },
    });
    const expired = await signToken({
      secret: SECRET,
      sub: "x",
      gw: GW,
      role: "client",
      expiresIn: -10,
    });
    expect(await refused(`${wsUrl}?token=${expired}`)).toMatchObject({ status: 401 });
    const otherGw = await token("x", {}, "other-gw");
    expect(await refused(wsUrl, { authorization: `Bearer ${otherGw}` })).toMatchObject({
      status: 403,
      body: { error: { code: "FORBIDDEN" } },
    });
    const mine = await token("x");
    expect(
      await refused(`ws://127.0.0.1:${server.port}/sync/other-gw/ws?token=${mine}`),
    ).toMatchObject({ status: 403 });
    expect(await refused(`ws://127.0.0.1:${server.port}/nope?token=${mine}`)).toMatchObject({
      status: 404,
    });
    // The same token in the query string is accepted.
    const viaQuery = await TestSocket.open(`${wsUrl}?token=${mine}`);
    sockets.push(viaQuery);
    expect(viaQuery.ws.readyState).toBe(viaQuery.ws.OPEN);
    // No token reached the logs.
    expect(logLines.join("\n")).not.toContain(mine);
    expect(logLines.join("\n")).not.toContain(forged);
  });

  it("answers bad messages with an error and keeps the socket open", async () => {
    const s = await connect("client-h", "ENG");
    s.send("{not json");
    const bad = await s.next((m) => m.type === "error");
    expect(bad.data.error).toEqual({
      code: "INVALID_REQUEST",
      message: "Message is not valid JSON",
    });

    s.send({ type: "subscribe", id: "x1" });
    const unknown = await s.next((m) => m.type === "error" && m.id === "x1");
    expect(unknown.data.error).toMatchObject({ code: "INVALID_REQUEST" });

    s.send({ type: "push", id: "x2", deltas: [{ op: "INSERT" }] });
    const invalid = await s.next((m) => m.type === "error" && m.id === "x2");
    expect(invalid.data.error).toMatchObject({ code: "INVALID_REQUEST" });
    expect((invalid.data.error as { issues: unknown[] }).issues.length).toBeGreaterThan(0);

    s.send({ type: "ping", id: "x3" });
    expect((await s.next((m) => m.type === "pong")).data).toEqual({ type: "pong", id: "x3" });
    s.send({
      type: "push",
      id: "x4",
      deltas: [insertJson("client-h", "todos", "ok1", { team: "ENG" })],
    });
    expect((await s.next((m) => m.type === "ack" && m.id === "x4")).data).toMatchObject({
      accepted: 1,
    });
    expect(s.closed).toBeNull();
  });

  it("pings its clients", async () => {
    const s = await connect("client-i", "ENG");
    await waitFor("a heartbeat ping", () => s.pings > 0, { timeoutMs: 2000 });
  });

  it("closes every socket with 1001 when the server closes", async () => {
    const s = await connect("client-j", "ENG");
    await server.close();
    expect((await s.whenClosed()).code).toBe(1001);
    expect(logLines.some((l) => l.includes('"msg":"server closed"'))).toBe(true);
  });
});
