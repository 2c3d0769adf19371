import { LakeSyncApiError, LakeSyncClient } from "@lakesync/client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { postgresConnector, recordingFetch, sql, TestGateway } from "../testing/gateway.js";
import { ManualTimers } from "../testing/manual-timers.js";
import { createConnectorsStore } from "./connectors-store.js";

/** The connectors store against a real in-process gateway, no React. */

const GW = "react-store-gw";

describe("createConnectorsStore", () => {
  const gateway = new TestGateway();
  let client: LakeSyncClient;

  beforeAll(async () => {
    await gateway.start();
    client = new LakeSyncClient({
      url: gateway.url,
      gatewayId: GW,
      getToken: () => gateway.token(GW, "admin"),
    });
  });

  afterAll(() => gateway.stop());

  it("lists, registers and unregisters, refreshing the list after each change", async () => {
    const store = createConnectorsStore(client, { refreshIntervalMs: 0 });
    const stop = store.subscribe(() => {});
    await vi.waitFor(() => expect(store.getSnapshot().isLoading).toBe(false));
    expect(store.getSnapshot()).toMatchObject({ connectors: [], error: null });

    await expect(store.register(postgresConnector(gateway, "store-db"))).resolves.toMatchObject({
      registered: true,
      name: "store-db",
    });
    expect(store.getSnapshot().connectors).toEqual([
      expect.objectContaining({ name: "store-db", type: "postgres", state: "idle" }),
    ]);

    await expect(store.unregister("store-db")).resolves.toEqual({
      unregistered: true,
      name: "store-db",
    });
    expect(store.getSnapshot().connectors).toEqual([]);
    stop();
  });

  it("rejects a bad config with the server's 400 and its issues, leaving the list alone", async () => {
    const store = createConnectorsStore(client, { refreshIntervalMs: 0 });
    const error = await store
      .register({ name: "broken", type: "postgres", postgres: {} } as never)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LakeSyncApiError);
    expect(error).toMatchObject({ status: 400, code: "INVALID_CONFIG" });
    expect((error as LakeSyncApiError).issues).toEqual([
      expect.objectContaining({ path: "postgres.connectionString" }),
    ]);
    expect(store.getSnapshot().error).toBeNull();

    const missing = await store.unregister("nope").catch((e: unknown) => e);
    expect(missing).toMatchObject({ status: 404, code: "CONNECTOR_NOT_FOUND" });
  });

  it("shows a 401 in the snapshot for a token the server refuses", async () => {
    const foreign = new LakeSyncClient({
      url: gateway.url,
      gatewayId: GW,
      token: await gateway.foreignToken(GW),
    });
    const store = createConnectorsStore(foreign, { refreshIntervalMs: 0 });
    await store.refetch();
    expect(store.getSnapshot().error).toMatchObject({ status: 401, code: "UNAUTHORIZED" });
    expect(store.getSnapshot().isLoading).toBe(false);
  });

  it("polls the live status while subscribed, and not after", async () => {
    await sql(gateway, "create table store_events (id text primary key, name text)");
    await sql(gateway, "insert into store_events values ('1', 'one')");
    const timers = new ManualTimers();
    const recorder = recordingFetch();
    const polled = new LakeSyncClient({
      url: gateway.url,
      gatewayId: GW,
      token: await gateway.token(GW, "admin"),
      fetch: recorder.fetch,
    });
    const store = createConnectorsStore(polled, { refreshIntervalMs: 250, timers });
    const stop = store.subscribe(() => {});
    await vi.waitFor(() => expect(timers.pending).toEqual([250]));

    await store.register(postgresConnector(gateway, "live", "SELECT id, name FROM store_events"));
    expect(store.getSnapshot().connectors[0]).toMatchObject({ name: "live", lastPollAt: null });

    /** Each tick of the fake clock is one poll of the list; the server's poller runs meanwhile. */
    const pollUntil = (check: () => void) =>
      vi.waitFor(
        async () => {
          timers.runPending();
          await vi.waitFor(() => expect(timers.pending).toEqual([250]));
          check();
        },
        { timeout: 15_000, interval: 100 },
      );
    const live = () => store.getSnapshot().connectors.find((c) => c.name === "live");

    await pollUntil(() => {
      expect(live()).toMatchObject({ state: "polling", lastError: null });
      expect(live()?.lastPollAt).toEqual(expect.any(String));
    });

    // The source table goes away: the next polls fail, and the list shows it.
    await sql(gateway, "drop table store_events");
    await pollUntil(() => {
      expect(live()?.state).toMatch(/backing_off|failed/);
      expect(live()?.lastError).toEqual(expect.stringContaining("store_events"));
    });

    stop();
    expect(timers.pending).toEqual([]);
    const requests = recorder.urls.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(recorder.urls.length).toBe(requests);
    await store.unregister("live");
  });
});
