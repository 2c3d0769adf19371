import { describe, expect, it } from "vitest";
import { admin, call, delta, freshGw, token } from "./helpers.js";

interface PullJson {
  deltas: { rowId: string; clientId: string; columns: { column: string; value: unknown }[] }[];
  serverHlc: string;
  hasMore: boolean;
}

describe("push and pull through the gateway's Durable Object", () => {
  it("pushes (200), pulls in server order, pages with limit, skips a re-sent delta", async () => {
    const gw = freshGw("sync");
    const client = await token({ gw, role: "client", sub: "app-1" });
    const deltas = [1, 2, 3].map((i) => delta("app-1", "todos", `t${i}`, { title: `todo ${i}` }));
    const pushed = await call("POST", `/sync/${gw}/push`, {
      token: client,
      json: { clientId: "app-1", deltas, lastSeenHlc: "0" },
    });
    expect(pushed.status).toBe(200);
    const ack = (await pushed.json()) as { serverHlc: string; accepted: number };
    expect(ack.accepted).toBe(3);
    expect(ack.serverHlc).toMatch(/^\d+$/);

    const again = await call("POST", `/sync/${gw}/push`, {
      token: client,
      json: { clientId: "app-1", deltas: [deltas[0]] },
    });
    expect(await again.json()).toMatchObject({ accepted: 0 });

    const first = (await (
      await call("GET", `/sync/${gw}/pull?since=0&limit=2`, { token: client })
    ).json()) as PullJson;
    expect(first.deltas.map((d) => d.rowId)).toEqual(["t1", "t2"]);
    expect(first.hasMore).toBe(true);
    const second = (await (
      await call("GET", `/sync/${gw}/pull?since=${first.serverHlc}&limit=2`, { token: client })
    ).json()) as PullJson;
    expect(second.deltas.map((d) => d.rowId)).toEqual(["t3"]);
    expect(second.hasMore).toBe(false);
    expect(second.serverHlc).toBe(ack.serverHlc);
  });

  it("filters pulls by sync rules and the caller's token claims", async () => {
    const gw = freshGw("rules");
    const rules = {
      buckets: [
        {
          name: "team",
          tables: ["todos"],
          filters: [{ column: "team", op: "eq", value: "jwt:team" }],
        },
        { name: "public", tables: ["news"], filters: [] },
      ],
    };
    const set = await admin(gw, "POST", `/admin/sync-rules/${gw}`, { json: rules });
    expect(set.status).toBe(200);
    expect(await set.json()).toEqual({ updated: true, buckets: 2 });

    const writer = await token({ gw, role: "client", sub: "writer", claims: { team: "ENG" } });
    await call("POST", `/sync/${gw}/push`, {
      token: writer,
      json: {
        clientId: "writer",
        deltas: [
          delta("writer", "todos", "eng-1", { title: "a", team: "ENG" }),
          delta("writer", "todos", "sales-1", { title: "b", team: "SALES" }),
          delta("writer", "news", "n1", { title: "hello" }),
          delta("writer", "secrets", "s1", { title: "hidden" }),
        ],
      },
    });
    const eng = await token({ gw, role: "client", sub: "eng", claims: { team: "ENG" } });
    const sales = await token({ gw, role: "client", sub: "sales", claims: { team: "SALES" } });
    const rowsOf = async (t: string) =>
      ((await (await call("GET", `/sync/${gw}/pull`, { token: t })).json()) as PullJson).deltas.map(
        (d) => d.rowId,
      );
    expect(await rowsOf(eng)).toEqual(["eng-1", "n1"]);
    expect(await rowsOf(sales)).toEqual(["sales-1", "n1"]);
  });

  it("registers schemas and flushes on the admin routes", async () => {
    const gw = freshGw("cfg");
    const schema = await admin(gw, "POST", `/admin/schema/${gw}`, {
      json: { table: "todos", columns: [{ name: "title", type: "string" }] },
    });
    expect(schema.status).toBe(200);
    expect(await schema.json()).toEqual({ registered: true, table: "todos" });
    const flushed = await admin(gw, "POST", `/admin/flush/${gw}`);
    expect(flushed.status).toBe(200);
    expect(await flushed.json()).toEqual({
      flushed: true,
      bufferStats: { logSize: 0, indexSize: 0, byteSize: 0 },
    });
  });

  it("refuses a delta whose clock is too far ahead (409 CLOCK_DRIFT)", async () => {
    const gw = freshGw("drift");
    const client = await token({ gw, role: "client" });
    const ahead = { ...delta("app-1", "todos", "t1", { title: "x" }) };
    ahead.hlc = (BigInt(Date.now() + 60_000) << 16n).toString();
    const res = await call("POST", `/sync/${gw}/push`, {
      token: client,
      json: { clientId: "app-1", deltas: [ahead] },
    });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("CLOCK_DRIFT");
  });
});
