import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { GatewayObject } from "../src/durable-object/gateway-object.js";
import { NO_POLLER_WARNING } from "../src/durable-object/worker-host.js";
import { admin, call, delta, freshGw, restartObject, token } from "./helpers.js";

interface PullJson {
  deltas: { rowId: string; table: string; hlc: string }[];
  serverHlc: string;
  hasMore: boolean;
}

describe("a gateway after its Durable Object restarts (eviction)", () => {
  it("keeps connectors, sync rules, schemas, flushed deltas and the server clock", async () => {
    const gw = freshGw("restart");
    const stub = () => env.GATEWAY.get(env.GATEWAY.idFromName(gw));
    let instanceBefore: GatewayObject | undefined;

    await admin(gw, "POST", `/admin/connectors/${gw}`, {
      json: {
        name: "users-db",
        type: "postgres",
        postgres: { connectionString: "postgres://u:pw@h/db" },
      },
    });
    await admin(gw, "POST", `/admin/connectors/${gw}`, {
      json: {
        name: "jira-eng",
        type: "jira",
        jira: { domain: "co", email: "bot@co.com", apiToken: "ATATT3-secret" },
      },
    });
    const rules = {
      buckets: [
        {
          name: "team",
          tables: ["todos"],
          filters: [{ column: "team", op: "eq", value: "jwt:team" }],
        },
      ],
    };
    expect((await admin(gw, "POST", `/admin/sync-rules/${gw}`, { json: rules })).status).toBe(200);
    const schema = {
      table: "todos",
      columns: [
        { name: "title", type: "string" },
        { name: "team", type: "string" },
      ],
    };
    expect((await admin(gw, "POST", `/admin/schema/${gw}`, { json: schema })).status).toBe(200);

    const client = await token({ gw, role: "client", sub: "app-1", claims: { team: "ENG" } });
    const pushed = await call("POST", `/sync/${gw}/push`, {
      token: client,
      json: {
        clientId: "app-1",
        deltas: [
          delta("app-1", "todos", "t1", { title: "Ship it", team: "ENG" }),
          delta("app-1", "todos", "t2", { title: "Sell it", team: "SALES" }),
        ],
      },
    });
    expect(pushed.status).toBe(200);
    const { serverHlc: before } = (await pushed.json()) as { serverHlc: string };

    // Acked means stored: nothing is left in the buffer to lose.
    await runInDurableObject(stub(), (instance: GatewayObject) => {
      instanceBefore = instance;
      expect(instance.host.current?.bufferStats.logSize).toBe(0);
      expect(instance.host.deltaStore(gw).rowState("todos", "t1")?.columns.title?.value).toBe(
        "Ship it",
      );
    });

    await restartObject(gw);

    await runInDurableObject(stub(), (instance: GatewayObject) => {
      expect(instance).not.toBe(instanceBefore);
      // A new instance: nothing opened yet, everything comes from storage.
      expect(instance.host.current).toBeUndefined();
    });

    const list = (await (await admin(gw, "GET", `/admin/connectors/${gw}`)).json()) as {
      name: string;
      isPolling: boolean;
      warnings?: string[];
    }[];
    expect(list.map((c) => c.name)).toEqual(["users-db", "jira-eng"]);
    expect(list[1]?.isPolling).toBe(false);
    expect(list[1]?.warnings).toEqual([NO_POLLER_WARNING]);
    expect(JSON.stringify(list)).not.toContain("ATATT3-secret");

    // Flushed deltas are pulled back from storage, under the stored rules.
    const pull = await call("GET", `/sync/${gw}/pull?since=0`, { token: client });
    expect(pull.status).toBe(200);
    const page = (await pull.json()) as PullJson;
    expect(page.deltas.map((d) => d.rowId)).toEqual(["t1"]);
    expect(page.hasMore).toBe(false);
    expect(BigInt(page.serverHlc)).toBeGreaterThanOrEqual(BigInt(before));

    // The server clock resumes past what was stored.
    const after = await call("POST", `/sync/${gw}/push`, {
      token: client,
      json: {
        clientId: "app-1",
        deltas: [delta("app-1", "todos", "t3", { title: "Again", team: "ENG" })],
      },
    });
    const { serverHlc: next } = (await after.json()) as { serverHlc: string };
    expect(BigInt(next)).toBeGreaterThan(BigInt(before));

    await runInDurableObject(stub(), async (instance: GatewayObject) => {
      expect(instance.host.current?.listSchemas()).toEqual([schema]);
      expect(await instance.host.connectorConfig(gw, "users-db")).toEqual({
        ok: true,
        value: {
          name: "users-db",
          type: "postgres",
          postgres: { connectionString: "postgres://u:pw@h/db" },
        },
      });
    });
  });

  it("stores a re-sent delta (same deltaId) once, also across a restart", async () => {
    const gw = freshGw("idem");
    const client = await token({ gw, role: "client" });
    const same = delta("app-1", "todos", "t1", { title: "once" });
    const push = () =>
      call("POST", `/sync/${gw}/push`, {
        token: client,
        json: { clientId: "app-1", deltas: [same] },
      });
    expect(await (await push()).json()).toMatchObject({ accepted: 1 });
    await restartObject(gw);
    await push();
    const page = (await (
      await call("GET", `/sync/${gw}/pull`, { token: client })
    ).json()) as PullJson;
    expect(page.deltas).toHaveLength(1);
  });
});
