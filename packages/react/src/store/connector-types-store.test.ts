import { LakeSyncClient, LakeSyncNetworkError } from "@lakesync/client";
import { registerConnectorDescriptor, unregisterConnectorDescriptor } from "@lakesync/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestGateway } from "../testing/gateway.js";
import { createConnectorTypesStore } from "./connector-types-store.js";

/** The types store against a real in-process gateway, no React. */

/** Resolves with the store's snapshot once `done` holds for it. */
function until<S>(
  store: { subscribe(l: () => void): () => void; getSnapshot(): S },
  done: (s: S) => boolean,
) {
  return new Promise<S>((resolve) => {
    const check = () => {
      const snapshot = store.getSnapshot();
      if (done(snapshot)) {
        stop();
        resolve(snapshot);
      }
    };
    const stop = store.subscribe(check);
    check();
  });
}

describe("createConnectorTypesStore", () => {
  const gateway = new TestGateway();

  beforeAll(async () => {
    registerConnectorDescriptor({
      type: "react-store-custom",
      displayName: "Custom Store Type",
      description: "A custom type registered in the server's process.",
      category: "api",
      configSchema: { type: "object", properties: { region: { type: "string" } } },
      ingestSchema: { type: "object", properties: { intervalMs: { type: "integer" } } },
      outputTables: null,
    });
    await gateway.start();
  });

  afterAll(async () => {
    unregisterConnectorDescriptor("react-store-custom");
    await gateway.stop();
  });

  it("loads built-in and custom types on the first subscriber, then keeps the snapshot", async () => {
    const store = createConnectorTypesStore(
      new LakeSyncClient({ url: gateway.url, gatewayId: "gw" }),
    );
    expect(store.getSnapshot()).toEqual({ types: [], isLoading: true, error: null });

    const loaded = await until(store, (s) => !s.isLoading);
    expect(loaded.error).toBeNull();
    expect(loaded.types.map((t) => t.type)).toEqual(
      expect.arrayContaining([
        "postgres",
        "mysql",
        "bigquery",
        "jira",
        "salesforce",
        "react-store-custom",
      ]),
    );
    expect(store.getSnapshot()).toBe(loaded);

    // Refetching the same types changes nothing a subscriber would render.
    await store.refetch();
    expect(store.getSnapshot()).toBe(loaded);
  });

  it("shows a network error for an unreachable gateway, and recovers on refetch", async () => {
    const store = createConnectorTypesStore(
      new LakeSyncClient({ url: gateway.url, gatewayId: "gw" }),
    );
    await gateway.pause();
    try {
      const failed = await until(store, (s) => s.error !== null);
      expect(failed.error).toBeInstanceOf(LakeSyncNetworkError);
      expect(failed).toMatchObject({ types: [], isLoading: false });
    } finally {
      await gateway.resume();
    }
    await store.refetch();
    expect(store.getSnapshot()).toMatchObject({ isLoading: false, error: null });
    expect(store.getSnapshot().types.length).toBeGreaterThanOrEqual(5);
  });
});
