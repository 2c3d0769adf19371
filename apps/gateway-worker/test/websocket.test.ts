import { env, runInDurableObject, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { CLOSE_TOKEN_EXPIRED } from "../src/durable-object/gateway-object.js";
import {
  admin,
  call,
  connect,
  delta,
  freshGw,
  ORIGIN,
  restartObject,
  settle,
  token,
} from "./helpers.js";

const teamRules = {
  buckets: [
    { name: "team", tables: ["todos"], filters: [{ column: "team", op: "eq", value: "jwt:team" }] },
  ],
};

describe("GET /sync/:gw/ws (hibernatable WebSocket)", () => {
  it("acks pushes and broadcasts accepted deltas to the other clients, filtered by rules", async () => {
    const gw = freshGw("ws");
    await admin(gw, "POST", `/admin/sync-rules/${gw}`, { json: teamRules });
    const writer = await connect(
      gw,
      await token({ gw, role: "client", sub: "writer", claims: { team: "ENG" } }),
    );
    const eng = await connect(
      gw,
      await token({ gw, role: "client", sub: "eng", claims: { team: "ENG" } }),
    );
    const sales = await connect(
      gw,
      await token({ gw, role: "client", sub: "sales", claims: { team: "SALES" } }),
    );

    writer.send({
      type: "push",
      id: 7,
      deltas: [
        delta("writer", "todos", "eng-1", { title: "a", team: "ENG" }),
        delta("writer", "todos", "sales-1", { title: "b", team: "SALES" }),
      ],
    });
    const ack = await writer.next();
    expect(ack).toMatchObject({ type: "ack", id: 7, accepted: 2 });

    const toEng = await eng.next();
    expect(toEng).toMatchObject({ type: "deltas", serverHlc: ack.serverHlc });
    expect((toEng.deltas as { rowId: string }[]).map((d) => d.rowId)).toEqual(["eng-1"]);
    const toSales = await sales.next();
    expect((toSales.deltas as { rowId: string }[]).map((d) => d.rowId)).toEqual(["sales-1"]);

    // An HTTP push reaches the sockets too; the writer gets none of its own deltas.
    await call("POST", `/sync/${gw}/push`, {
      token: await token({ gw, role: "client", sub: "eng", claims: { team: "ENG" } }),
      json: {
        clientId: "eng",
        deltas: [delta("eng", "todos", "eng-2", { title: "c", team: "ENG" })],
      },
    });
    const fromHttp = await writer.next();
    expect((fromHttp.deltas as { rowId: string }[]).map((d) => d.rowId)).toEqual(["eng-2"]);
    await settle();
    expect(eng.pending).toEqual([]); // its own push
    expect(sales.pending).toEqual([]); // filtered out
    for (const s of [writer, eng, sales]) s.ws.close(1000);
  });

  it("answers ping, bad messages and invalid pushes without closing the socket", async () => {
    const gw = freshGw("ws-msg");
    const socket = await connect(gw, await token({ gw, role: "client" }));
    socket.send({ type: "ping", id: "p1" });
    expect(await socket.next()).toEqual({ type: "pong", id: "p1" });
    socket.send({ type: "ping" });
    expect(await socket.next()).toEqual({ type: "pong" });
    socket.send("{nope");
    expect(await socket.next()).toMatchObject({
      type: "error",
      error: { code: "INVALID_REQUEST", message: "Message is not valid JSON" },
    });
    socket.send({ type: "shout", id: 3 });
    expect(await socket.next()).toMatchObject({
      type: "error",
      id: 3,
      error: { code: "INVALID_REQUEST" },
    });
    socket.send({ type: "push", id: 4, deltas: [{ op: "INSERT" }] });
    const invalid = await socket.next();
    expect(invalid).toMatchObject({ type: "error", id: 4, error: { code: "INVALID_REQUEST" } });
    expect((invalid.error as { issues: unknown[] }).issues.length).toBeGreaterThan(0);
    socket.send({ type: "push", id: 5, deltas: [delta("app-1", "todos", "t1", { title: "ok" })] });
    expect(await socket.next()).toMatchObject({ type: "ack", id: 5, accepted: 1 });
    socket.ws.close(1000);
  });

  it("keeps each client's id and claims in its socket attachment, and serves sockets after a restart", async () => {
    const gw = freshGw("ws-restart");
    await admin(gw, "POST", `/admin/sync-rules/${gw}`, { json: teamRules });
    const first = await connect(
      gw,
      await token({ gw, role: "client", sub: "eng", claims: { team: "ENG" } }),
      "?clientId=tab-1",
    );
    await runInDurableObject(env.GATEWAY.get(env.GATEWAY.idFromName(gw)), (_instance, state) => {
      const attachments = state.getWebSockets().map((ws) => ws.deserializeAttachment());
      expect(attachments).toEqual([
        {
          gatewayId: gw,
          clientId: "tab-1",
          claims: expect.objectContaining({ sub: "eng", team: "ENG", role: "client" }),
        },
      ]);
    });
    await restartObject(gw);
    first.ws.close(1000);
    // A new instance over the same storage: rules come back, broadcasts are filtered again.
    const eng = await connect(
      gw,
      await token({ gw, role: "client", sub: "eng2", claims: { team: "ENG" } }),
    );
    const sales = await connect(
      gw,
      await token({ gw, role: "client", sub: "sales", claims: { team: "SALES" } }),
    );
    await call("POST", `/sync/${gw}/push`, {
      token: await token({ gw, role: "client", sub: "w" }),
      json: { clientId: "w", deltas: [delta("w", "todos", "e", { team: "ENG" })] },
    });
    expect(((await eng.next()).deltas as { rowId: string }[]).map((d) => d.rowId)).toEqual(["e"]);
    await settle();
    expect(sales.pending).toEqual([]);
    for (const s of [eng, sales]) s.ws.close(1000);
  });

  it("refuses upgrades as the server does: 426, 401, 403, 400", async () => {
    const gw = freshGw("ws-auth");
    const plain = await call("GET", `/sync/${gw}/ws`);
    expect(plain.status).toBe(426);
    expect(plain.headers.get("Upgrade")).toBe("websocket");
    const upgrade = (headers: Record<string, string>, query = "") =>
      SELF.fetch(`${ORIGIN}/sync/${gw}/ws${query}`, {
        headers: { Upgrade: "websocket", ...headers },
      });

    const none = await upgrade({});
    expect(none.status).toBe(401);
    expect(none.headers.get("WWW-Authenticate")).toBe('Bearer realm="lakesync"');
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe("UNAUTHORIZED");
    const other = await upgrade({
      Authorization: `Bearer ${await token({ gw: "elsewhere", role: "client" })}`,
    });
    expect(other.status).toBe(403);
    const expired = await upgrade(
      {},
      `?token=${await token({ gw, role: "client", expiresIn: -5 })}`,
    );
    expect(expired.status).toBe(401);
    const badClient = await upgrade({}, `?token=${await token({ gw, role: "client" })}&clientId=`);
    expect(badClient.status).toBe(400);
    const viaQuery = await upgrade(
      {},
      `?token=${await token({ gw, role: "client" })}&clientId=tab-2`,
    );
    expect(viaQuery.status).toBe(101);
    viaQuery.webSocket?.accept();
    viaQuery.webSocket?.close(1000);
  });

  it("closes with 1009 on a message over the size limit", async () => {
    const gw = freshGw("ws-big");
    const socket = await connect(gw, await token({ gw, role: "client" }));
    socket.send({ type: "ping", pad: "x".repeat(1024 * 1024) });
    expect(await socket.closed).toBe(1009);
  });

  it("closes with 4001 once the token has expired", async () => {
    const gw = freshGw("ws-exp");
    const socket = await connect(gw, await token({ gw, role: "client", expiresIn: 1 }));
    await new Promise((resolve) => setTimeout(resolve, 1100));
    socket.send({ type: "ping", id: 1 });
    expect(await socket.closed).toBe(CLOSE_TOKEN_EXPIRED);
  });
});
