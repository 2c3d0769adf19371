import { type ConnectorConfig, validateConnectorConfig } from "@lakesync/core";
import { describe, expect, it } from "vitest";
import { MemoryStore } from "../engine/memory-store.js";
import { MemoryGatewayHost, NO_POLLER_WARNING, NO_SOURCE_WARNING } from "./memory-host.js";

function config(input: unknown): ConnectorConfig {
  const result = validateConnectorConfig(input);
  if (!result.ok) throw result.error;
  return result.value;
}

const pg = config({
  name: "pg",
  type: "postgres",
  postgres: { connectionString: "postgres://u:secret@h/db" },
});
const jira = config({
  name: "jira",
  type: "jira",
  jira: { domain: "co", email: "a@co.com", apiToken: "tok-secret" },
  ingest: { intervalMs: 30000 },
});
const pgIngest = config({
  name: "pg-ingest",
  type: "postgres",
  postgres: { connectionString: "postgres://u:secret@h/db" },
  ingest: { tables: [{ table: "t", query: "SELECT * FROM t", strategy: { type: "diff" } }] },
});

describe("MemoryGatewayHost", () => {
  it("creates one gateway per id on first use, with the options given", async () => {
    const seen: string[] = [];
    const host = new MemoryGatewayHost({
      gatewayOptions: (id) => {
        seen.push(id);
        return { maxPullLimit: 5 };
      },
    });
    const a = await host.gateway("a");
    expect(await host.gateway("a")).toBe(a);
    expect(await host.gateway("b")).not.toBe(a);
    expect(a.gatewayId).toBe("a");
    expect(seen).toEqual(["a", "b"]);
  });

  it("registers, lists and unregisters connectors per gateway", async () => {
    const host = new MemoryGatewayHost();
    expect(await host.registerConnector("gw", pg)).toEqual({
      ok: true,
      value: { warnings: [NO_SOURCE_WARNING] },
    });
    expect(await host.registerConnector("gw", jira)).toEqual({
      ok: true,
      value: { warnings: [NO_POLLER_WARNING] },
    });
    expect(await host.registerConnector("gw", pgIngest)).toEqual({
      ok: true,
      value: { warnings: [NO_SOURCE_WARNING, NO_POLLER_WARNING] },
    });
    const dup = await host.registerConnector("gw", pg);
    expect(dup.ok || dup.error.code).toBe("CONNECTOR_EXISTS");
    expect((await host.registerConnector("other", pg)).ok).toBe(true);

    const list = await host.listConnectors("gw");
    expect(list.map((s) => [s.name, s.hasIngest, s.isPolling, s.state])).toEqual([
      ["pg", false, false, "idle"],
      ["jira", true, false, "idle"],
      ["pg-ingest", true, false, "idle"],
    ]);
    expect(JSON.stringify(list)).not.toMatch(/secret/);

    expect(await host.unregisterConnector("gw", "pg")).toEqual({ ok: true, value: undefined });
    const missing = await host.unregisterConnector("gw", "pg");
    expect(missing.ok || missing.error.code).toBe("CONNECTOR_NOT_FOUND");
    expect((await host.listConnectors("gw")).map((s) => s.name)).toEqual(["jira", "pg-ingest"]);
    expect(await host.listConnectors("nobody")).toEqual([]);
  });

  it("opens a source for database connectors only, and closes it on unregister", async () => {
    const opened: string[] = [];
    let closed = 0;
    const host = new MemoryGatewayHost({
      openSource: (c, gatewayId) => {
        opened.push(`${gatewayId}/${c.name}`);
        const store = new MemoryStore();
        store.close = async () => {
          closed += 1;
        };
        return store;
      },
    });
    expect(await host.registerConnector("gw", pg)).toEqual({ ok: true, value: {} });
    await host.registerConnector("gw", jira);
    expect(opened).toEqual(["gw/pg"]);
    expect((await host.gateway("gw")).listSources()).toEqual(["pg"]);
    await host.unregisterConnector("gw", "pg");
    expect((await host.gateway("gw")).listSources()).toEqual([]);
    expect(closed).toBe(1);
  });

  it("frees the name when opening the source fails", async () => {
    let fail = true;
    const host = new MemoryGatewayHost({
      openSource: () => {
        if (fail) throw new Error("cannot connect");
        return new MemoryStore();
      },
    });
    await expect(host.registerConnector("gw", pg)).rejects.toThrow("cannot connect");
    expect(await host.listConnectors("gw")).toEqual([]);
    fail = false;
    expect((await host.registerConnector("gw", pg)).ok).toBe(true);
  });

  it("refuses a concurrent register of the same name", async () => {
    const host = new MemoryGatewayHost({ openSource: async () => new MemoryStore() });
    const results = await Promise.all([
      host.registerConnector("gw", pg),
      host.registerConnector("gw", pg),
    ]);
    expect(results.map((r) => r.ok).sort()).toEqual([false, true]);
  });

  it("applies sync rules and schemas to the gateway", async () => {
    const host = new MemoryGatewayHost();
    await host.setSyncRules("gw", { buckets: [{ name: "b", tables: ["t"], filters: [] }] });
    expect((await host.gateway("gw")).syncRules?.buckets).toHaveLength(1);
    await host.registerSchema("gw", { table: "t", columns: [{ name: "a", type: "string" }] });
    expect((await host.gateway("gw")).listSchemas().map((s) => s.table)).toEqual(["t"]);
  });

  it("closes every open source on close()", async () => {
    let closed = 0;
    const host = new MemoryGatewayHost({
      openSource: () => {
        const store = new MemoryStore();
        store.close = async () => {
          closed += 1;
        };
        return store;
      },
    });
    await host.registerConnector("a", pg);
    await host.registerConnector("b", pg);
    await host.close();
    expect(closed).toBe(2);
    expect((await host.gateway("a")).listSources()).toEqual([]);
  });
});
