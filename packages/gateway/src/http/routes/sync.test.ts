import { encodeHlc, makeDelta } from "@lakesync/core";
import { specSyncRules } from "@lakesync/core/testing";
import { describe, expect, it } from "vitest";
import { MemoryGatewayHost } from "../../host/memory-host.js";
import { type ErrorJson, GW, harness, json } from "../testing/harness.js";
import { deltaToJson, type RowDeltaJson } from "../wire.js";

let counter = 0;
function delta(table: string, rowId: string, columns: Record<string, unknown>, clientId = "app-1") {
  counter += 1;
  return makeDelta(
    {
      op: "INSERT",
      table,
      rowId,
      columns: Object.entries(columns).map(([column, value]) => ({ column, value })),
    },
    clientId,
    encodeHlc(Date.now(), counter),
  );
}

interface PullJson {
  deltas: RowDeltaJson[];
  serverHlc: string;
  hasMore: boolean;
  warnings?: string[];
}

const pushPath = `/sync/${GW}/push`;
const pullPath = `/sync/${GW}/pull`;

describe("POST /sync/:gw/push and GET /sync/:gw/pull", () => {
  it("round-trips deltas with HLCs as decimal strings", async () => {
    const { call, clientToken } = await harness();
    const sent = [
      delta("todos", "1", { title: "a", done: false, meta: { tags: ["x"] } }),
      delta("todos", "2", { title: "b", done: true, meta: null }),
    ];
    const push = await call("POST", pushPath, {
      token: clientToken,
      json: { clientId: "app-1", deltas: sent.map(deltaToJson), lastSeenHlc: "0" },
    });
    expect(push.status).toBe(200);
    const ack = await json<{ serverHlc: string; accepted: number }>(push);
    expect(ack.accepted).toBe(2);
    expect(ack.serverHlc).toMatch(/^\d+$/);
    expect(BigInt(ack.serverHlc)).toBeGreaterThan(2n ** 53n);

    const pull = await call("GET", `${pullPath}?since=0&clientId=app-2`, { token: clientToken });
    expect(pull.status).toBe(200);
    const page = await json<PullJson>(pull);
    expect(page).toEqual({
      deltas: sent.map(deltaToJson),
      serverHlc: ack.serverHlc,
      hasMore: false,
    });
    expect(typeof page.deltas[0]?.hlc).toBe("string");
    expect(BigInt(page.deltas[0]?.hlc ?? "0")).toBe(sent[0]?.hlc);

    const next = await json<PullJson>(
      await call("GET", `${pullPath}?since=${page.serverHlc}&clientId=app-2`, {
        token: clientToken,
      }),
    );
    expect(next.deltas).toEqual([]);
  });

  it("is idempotent: a re-sent push accepts nothing new", async () => {
    const { call } = await harness();
    const body = { clientId: "app-1", deltas: [deltaToJson(delta("todos", "1", { t: 1 }))] };
    expect(
      (await json<{ accepted: number }>(await call("POST", pushPath, { json: body }))).accepted,
    ).toBe(1);
    expect(
      (await json<{ accepted: number }>(await call("POST", pushPath, { json: body }))).accepted,
    ).toBe(0);
  });

  it("refuses a body that claims to be fresh: only in-process pollers' pushes skip the re-send check", async () => {
    const { call } = await harness();
    const delta1 = deltaToJson(delta("todos", "1", { t: 1 }));
    const refused = await call("POST", pushPath, {
      json: { clientId: "app-1", fresh: true, deltas: [delta1] },
    });
    expect(refused.status).toBe(400);
    const error = (await json<{ error: { code: string; message: string } }>(refused)).error;
    expect(error.code).toBe("INVALID_REQUEST");
    expect(error.message).toContain("fresh");
    // Nothing was applied: the same delta, pushed plainly, is new.
    const plain = { clientId: "app-1", deltas: [delta1] };
    expect(
      (await json<{ accepted: number }>(await call("POST", pushPath, { json: plain }))).accepted,
    ).toBe(1);
  });

  it("reads small HLCs given as JSON numbers, and defaults lastSeenHlc", async () => {
    const { call } = await harness();
    const d = makeDelta(
      { op: "INSERT", table: "todos", rowId: "1", columns: [{ column: "t", value: 1 }] },
      "app-1",
      5n,
    );
    const res = await call("POST", pushPath, {
      json: { clientId: "app-1", deltas: [{ ...deltaToJson(d), hlc: 5 }] },
    });
    expect(res.status).toBe(200);
    const page = await json<PullJson>(await call("GET", `${pullPath}?since=0`));
    expect(page.deltas.map((x) => x.hlc)).toEqual(["5"]);
  });

  it("pages with limit and hasMore without dropping a delta", async () => {
    const { call } = await harness();
    const sent = Array.from({ length: 5 }, (_, i) => delta("todos", String(i), { i }));
    await call("POST", pushPath, { json: { clientId: "app-1", deltas: sent.map(deltaToJson) } });
    const seen: string[] = [];
    let since = "0";
    for (let i = 0; i < 10; i++) {
      const page = await json<PullJson>(await call("GET", `${pullPath}?since=${since}&limit=2`));
      seen.push(...page.deltas.map((d) => d.rowId));
      expect(page.deltas.length).toBeLessThanOrEqual(2);
      since = page.serverHlc;
      if (!page.hasMore) break;
    }
    expect(seen).toEqual(["0", "1", "2", "3", "4"]);
  });

  it("filters pulls by sync rules with jwt: claims from the verified token", async () => {
    const { call, token } = await harness();
    expect(
      (await call("POST", `/admin/sync-rules/${GW}`, { jsonText: specSyncRules })).status,
    ).toBe(200);
    const deltas = [
      delta("jira_issues", "ENG-1", { project_key: "ENG", summary: "a" }),
      delta("jira_issues", "OPS-1", { project_key: "OPS", summary: "b" }),
      delta("jira_comments", "ENG-1:1", { project_key: "ENG", body: "c" }),
      delta("sf_accounts", "001", { owner_name: "Ada", name: "Acme" }),
      delta("sf_accounts", "002", { owner_name: "Bob", name: "Beta" }),
      delta("todos", "1", { title: "no bucket lists this table" }),
    ];
    await call("POST", pushPath, { json: { clientId: "poller", deltas: deltas.map(deltaToJson) } });

    const rows = async (claims: Record<string, unknown>) => {
      const t = await token({ claims });
      const page = await json<PullJson>(
        await call("GET", `${pullPath}?since=0&clientId=c`, { token: t }),
      );
      return page.deltas.map((d) => d.rowId);
    };
    expect(await rows({ team: "ENG" })).toEqual(["ENG-1", "ENG-1:1"]);
    expect(await rows({ team: "OPS", name: "Bob" })).toEqual(["OPS-1", "002"]);
    expect(await rows({ name: "Ada" })).toEqual(["001"]);
    expect(await rows({})).toEqual([]);
  });

  it("answers 404 SOURCE_NOT_FOUND for an unknown source", async () => {
    const { call, clientToken } = await harness();
    const res = await call("GET", `${pullPath}?since=0&clientId=app-1&source=users-db`, {
      token: clientToken,
    });
    expect(res.status).toBe(404);
    expect(await json(res)).toEqual({
      error: { code: "SOURCE_NOT_FOUND", message: 'No source named "users-db" on this gateway' },
    });
  });

  it("answers 404 SOURCE_NOT_FOUND for a database connector whose config only is stored", async () => {
    const { call, clientToken } = await harness();
    await call("POST", `/admin/connectors/${GW}`, {
      json: {
        name: "users-db",
        type: "postgres",
        postgres: { connectionString: "postgres://u:p@h/db" },
      },
    });
    const res = await call("GET", `${pullPath}?since=0&source=users-db`, { token: clientToken });
    expect(res.status).toBe(404);
    expect((await json<ErrorJson>(res)).error.code).toBe("SOURCE_NOT_FOUND");
  });

  it("validates since and limit, naming the query parameter", async () => {
    const { call } = await harness();
    const cases: Array<[string, string]> = [
      ["since=abc", "since"],
      ["since=-1", "since"],
      ["since=", "since"],
      ["since=1.5", "since"],
      ["since=999999999999999999999", "since"],
      ["limit=0", "limit"],
      ["limit=-3", "limit"],
      ["limit=ten", "limit"],
      ["limit=2.5", "limit"],
      ["clientId=", "clientId"],
      ["source=", "source"],
    ];
    for (const [query, param] of cases) {
      const res = await call("GET", `${pullPath}?${query}`);
      expect(res.status, query).toBe(400);
      const body = await json<ErrorJson>(res);
      expect(body.error.code).toBe("INVALID_REQUEST");
      expect(body.error.issues?.map((i) => i.path)).toEqual([param]);
      expect(body.error.message).toContain(param);
    }
    const empty = await call("GET", `${pullPath}?source=`);
    expect((await json<ErrorJson>(empty)).error.message).toContain(
      "must name a connector (omit it to pull the gateway's own deltas)",
    );
    expect((await call("GET", `${pullPath}?limit=5&cachebust=1`)).status).toBe(200);
  });

  it("answers 400 for push bodies with wrong types or missing fields, naming them", async () => {
    const { call } = await harness();
    const good = deltaToJson(delta("todos", "1", { t: 1 }));
    const cases: Array<[unknown, string[]]> = [
      [{}, ["clientId", "deltas"]],
      [{ clientId: 5, deltas: "x" }, ["clientId", "deltas"]],
      [{ clientId: "a", deltas: [{ ...good, hlc: "soon" }] }, ["deltas[0].hlc"]],
      [{ clientId: "a", deltas: [{ ...good, hlc: 1.5 }] }, ["deltas[0].hlc"]],
      [{ clientId: "a", deltas: [{ ...good, op: "UPSERT" }] }, ["deltas[0].op"]],
      [
        { clientId: "a", deltas: [{ ...good, columns: [{ column: "x" }] }] },
        ["deltas[0].columns[0].value"],
      ],
      [{ clientId: "a", deltas: [{ ...good, rowId: undefined }] }, ["deltas[0].rowId"]],
      [{ clientId: "a", deltas: [], lastSeenHlc: "x" }, ["lastSeenHlc"]],
      [{ clientId: "a", deltas: [], extra: 1 }, ["extra"]],
      [[good], [""]],
    ];
    for (const [body, paths] of cases) {
      const res = await call("POST", pushPath, { json: body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      const error = (await json<ErrorJson>(res)).error;
      expect(error.code).toBe("INVALID_REQUEST");
      expect(error.issues?.map((i) => i.path).sort()).toEqual(paths);
    }
  });

  it("applies a push all or none: one invalid delta (400 INVALID_DELTA) applies nothing", async () => {
    const { call } = await harness();
    const res = await call("POST", pushPath, {
      json: {
        clientId: "app-1",
        deltas: [
          deltaToJson(delta("todos", "1", { t: 1 })),
          deltaToJson(delta("bad table", "2", { t: 2 })),
        ],
      },
    });
    expect(res.status).toBe(400);
    const body = await json<ErrorJson>(res);
    expect(body.error.code).toBe("INVALID_DELTA");
    expect(body.error.issues?.[0]?.path).toBe("deltas[1]");
    expect((await json<PullJson>(await call("GET", `${pullPath}?since=0`))).deltas).toEqual([]);
  });

  it("answers 409 CLOCK_DRIFT for a delta from a clock far ahead", async () => {
    const { call } = await harness();
    const ahead = makeDelta(
      { op: "INSERT", table: "todos", rowId: "1", columns: [{ column: "t", value: 1 }] },
      "app-1",
      encodeHlc(Date.now() + 3_600_000, 0),
    );
    const res = await call("POST", pushPath, {
      json: { clientId: "app-1", deltas: [deltaToJson(ahead)] },
    });
    expect(res.status).toBe(409);
    expect((await json<ErrorJson>(res)).error.code).toBe("CLOCK_DRIFT");
  });

  it("answers 503 BACKPRESSURE with Retry-After when the buffer is full; flush frees it", async () => {
    const host = new MemoryGatewayHost({ gatewayOptions: { maxBufferBytes: 2000 } });
    const { call } = await harness({ host });
    const big = (id: string) => deltaToJson(delta("todos", id, { text: "x".repeat(600) }));
    expect(
      (await call("POST", pushPath, { json: { clientId: "a", deltas: [big("1")] } })).status,
    ).toBe(200);
    const full = await call("POST", pushPath, {
      json: { clientId: "a", deltas: [big("2"), big("3")] },
    });
    expect(full.status).toBe(503);
    expect(full.headers.get("retry-after")).toBe("1");
    expect((await json<ErrorJson>(full)).error.code).toBe("BACKPRESSURE");
    expect((await call("POST", `/admin/flush/${GW}`)).status).toBe(200);
    expect(
      (await call("POST", pushPath, { json: { clientId: "a", deltas: [big("2")] } })).status,
    ).toBe(200);
  });

  it("defaults since to 0 and clientId to the token's sub", async () => {
    const { call, clientToken } = await harness();
    await call("POST", pushPath, {
      json: { clientId: "a", deltas: [deltaToJson(delta("t", "1", { a: 1 }))] },
    });
    const page = await json<PullJson>(await call("GET", pullPath, { token: clientToken }));
    expect(page.deltas).toHaveLength(1);
  });

  it("keeps gateways apart", async () => {
    const { call, token } = await harness();
    await call("POST", pushPath, {
      json: { clientId: "a", deltas: [deltaToJson(delta("t", "1", { a: 1 }))] },
    });
    const other = await token({ gw: "other-gw" });
    const page = await json<PullJson>(
      await call("GET", "/sync/other-gw/pull?since=0", { token: other }),
    );
    expect(page.deltas).toEqual([]);
  });
});
