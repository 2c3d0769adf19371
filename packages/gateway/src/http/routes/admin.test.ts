import { AdapterError, Err, encodeHlc, type LoggedDelta, makeDelta } from "@lakesync/core";
import {
  specJiraRules,
  specSalesforceRules,
  specSchema,
  specSyncRules,
} from "@lakesync/core/testing";
import { describe, expect, it } from "vitest";
import { MemoryStore } from "../../engine/memory-store.js";
import { MemoryGatewayHost } from "../../host/memory-host.js";
import { type ErrorJson, GW, harness, json } from "../testing/harness.js";
import { deltaToJson } from "../wire.js";

describe("POST /admin/sync-rules/:gw", () => {
  it("applies the spec's rule sets: 200 { updated, buckets }", async () => {
    const { call, host } = await harness();
    for (const [body, buckets] of [
      [specSyncRules, 2],
      [specJiraRules, 1],
      [specSalesforceRules, 2],
    ] as const) {
      const res = await call("POST", `/admin/sync-rules/${GW}`, { jsonText: body });
      expect(res.status).toBe(200);
      expect(await json(res)).toEqual({ updated: true, buckets });
    }
    const gateway = await host.gateway(GW);
    expect(gateway.syncRules?.buckets.map((b) => b.name)).toEqual([
      "sales-pipeline",
      "my-accounts",
    ]);
  });

  it("answers 400 INVALID_SYNC_RULES with issues naming each bad field", async () => {
    const { call } = await harness();
    const res = await call("POST", `/admin/sync-rules/${GW}`, {
      json: {
        buckets: [
          { name: "a", tables: ["t"], filters: [{ column: "c", op: "like", value: 1 }] },
          { name: "a", tables: [] },
        ],
      },
    });
    expect(res.status).toBe(400);
    const body = await json<ErrorJson>(res);
    expect(body.error.code).toBe("INVALID_SYNC_RULES");
    expect(body.error.issues?.map((i) => i.path)).toEqual(
      expect.arrayContaining(["buckets[0].filters[0].op", "buckets[1].tables"]),
    );
    const missing = await call("POST", `/admin/sync-rules/${GW}`, { json: {} });
    expect((await json<ErrorJson>(missing)).error.issues).toEqual([
      { path: "buckets", message: "buckets is required" },
    ]);
  });
});

describe("POST /admin/schema/:gw", () => {
  it("registers the spec's table schema: 200 { registered, table }", async () => {
    const store = new MemoryStore();
    const host = new MemoryGatewayHost({ gatewayOptions: { store } });
    const { call } = await harness({ host });
    const res = await call("POST", `/admin/schema/${GW}`, { jsonText: specSchema });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ registered: true, table: "jira_issues" });
    expect((await host.gateway(GW)).listSchemas().map((s) => s.table)).toEqual(["jira_issues"]);
    expect(store.schemas[0]?.columns.map((c) => c.name)).toEqual(["key", "summary", "status"]);
  });

  it("answers 400 INVALID_SCHEMA naming each bad field", async () => {
    const { call } = await harness();
    const res = await call("POST", `/admin/schema/${GW}`, {
      json: {
        table: "bad table",
        columns: [
          { name: "a", type: "varchar" },
          { name: 5, type: "string" },
        ],
      },
    });
    expect(res.status).toBe(400);
    const body = await json<ErrorJson>(res);
    expect(body.error.code).toBe("INVALID_SCHEMA");
    expect(body.error.issues?.map((i) => i.path)).toEqual([
      "table",
      "columns[0].type",
      "columns[1].name",
    ]);
    const duplicate = await call("POST", `/admin/schema/${GW}`, {
      json: {
        table: "t",
        columns: [
          { name: "b", type: "string" },
          { name: "b", type: "json" },
        ],
      },
    });
    expect(duplicate.status).toBe(400);
    expect((await json<ErrorJson>(duplicate)).error.issues?.map((i) => i.path)).toEqual([
      "columns[1].name",
    ]);
    const empty = await call("POST", `/admin/schema/${GW}`, { json: { table: "t", columns: [] } });
    expect((await json<ErrorJson>(empty)).error.issues?.map((i) => i.path)).toEqual(["columns"]);
  });

  it("answers 502 ADAPTER_ERROR when the store refuses the schema", async () => {
    class BrokenStore extends MemoryStore {
      override async ensureSchema() {
        return Err(new AdapterError("store is read-only"));
      }
    }
    const host = new MemoryGatewayHost({ gatewayOptions: () => ({ store: new BrokenStore() }) });
    const { call } = await harness({ host });
    const res = await call("POST", `/admin/schema/${GW}`, { jsonText: specSchema });
    expect(res.status).toBe(502);
    expect(await json(res)).toEqual({
      error: { code: "ADAPTER_ERROR", message: "store is read-only" },
    });
  });
});

describe("POST /admin/flush/:gw", () => {
  function delta(rowId: string) {
    return makeDelta(
      { op: "INSERT", table: "todos", rowId, columns: [{ column: "title", value: rowId }] },
      "app-1",
      encodeHlc(Date.now(), Number(rowId)),
    );
  }

  it("flushes the buffer to the store: 200 { flushed, bufferStats }", async () => {
    const store = new MemoryStore();
    const host = new MemoryGatewayHost({ gatewayOptions: { store } });
    const { call } = await harness({ host });
    const push = await call("POST", `/sync/${GW}/push`, {
      json: {
        clientId: "app-1",
        deltas: [delta("1"), delta("2")].map(deltaToJson),
        lastSeenHlc: "0",
      },
    });
    expect(push.status).toBe(200);
    const res = await call("POST", `/admin/flush/${GW}`);
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({
      flushed: true,
      bufferStats: { logSize: 0, indexSize: 0, byteSize: 0 },
    });
    expect(store.size).toBe(2);
    const pulled = await json<{ deltas: unknown[] }>(await call("GET", `/sync/${GW}/pull?since=0`));
    expect(pulled.deltas).toHaveLength(2);
  });

  it("needs no body, and ignores one", async () => {
    const { call } = await harness();
    expect((await call("POST", `/admin/flush/${GW}`, { body: "not json" })).status).toBe(200);
  });

  it("answers 503 FLUSH_ERROR with Retry-After when the store fails; deltas stay buffered", async () => {
    class FailingStore extends MemoryStore {
      override async insertDeltas(_deltas: readonly LoggedDelta[]) {
        return Err(new AdapterError("disk full"));
      }
    }
    const host = new MemoryGatewayHost({ gatewayOptions: { store: new FailingStore() } });
    const { call } = await harness({ host });
    await call("POST", `/sync/${GW}/push`, {
      json: { clientId: "app-1", deltas: [deltaToJson(delta("1"))] },
    });
    const res = await call("POST", `/admin/flush/${GW}`);
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    const body = await json<ErrorJson>(res);
    expect(body.error.code).toBe("FLUSH_ERROR");
    expect(body.error.message).toContain("disk full");
    expect((await host.gateway(GW)).bufferStats.logSize).toBe(1);
  });
});
