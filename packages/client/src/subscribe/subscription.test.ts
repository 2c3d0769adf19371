import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { WebSocket as NodeWebSocket } from "ws";
import { LakeSyncClient } from "../client.js";
import { LakeSyncApiError, LakeSyncNetworkError } from "../errors.js";
import { insertJson, TestGateway } from "../testing/test-gateway.js";
import type { WsDeltasMessage } from "../wire.js";
import type { Subscription, SubscriptionStatus } from "./subscription.js";

/** `subscribe` against a real gateway server's WebSocket, with `ws` as the constructor (Node 20). */

const GW = "ws-gw";

async function waitFor<T>(read: () => T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A subscriber recording what it is told. */
function record() {
  const deltas: WsDeltasMessage[] = [];
  const statuses: SubscriptionStatus[] = [];
  const errors: Error[] = [];
  return {
    deltas,
    statuses,
    errors,
    rowIds: () => deltas.flatMap((m) => m.deltas.map((d) => d.rowId)),
    opens: () => statuses.filter((s) => s.state === "open"),
    options: {
      onDeltas: (m: WsDeltasMessage) => deltas.push(m),
      onStatus: (s: SubscriptionStatus) => statuses.push(s),
      onError: (e: Error) => errors.push(e),
    },
  };
}

describe("LakeSyncClient.subscribe", () => {
  const gateway = new TestGateway();
  const subscriptions: Subscription[] = [];
  let pusher: LakeSyncClient;

  const clientFor = async (
    sub: string,
    extra: Partial<ConstructorParameters<typeof LakeSyncClient>[0]> = {},
  ) =>
    new LakeSyncClient({
      url: gateway.url,
      gatewayId: GW,
      token: await gateway.token(GW, "client", sub),
      WebSocket: NodeWebSocket,
      ...extra,
    });

  beforeAll(async () => {
    await gateway.start();
    pusher = await clientFor("pusher");
  }, 60_000);

  afterEach(() => {
    for (const s of subscriptions.splice(0)) s.close();
  });

  afterAll(() => gateway.stop(), 60_000);

  it("receives another client's push as a broadcast, and not its own", async () => {
    const seen = record();
    const client = await clientFor("reader");
    subscriptions.push(client.subscribe(seen.options));
    await waitFor(() => seen.opens()[0], "open");
    expect(seen.statuses.slice(0, 2)).toEqual([
      { state: "connecting", attempt: 0 },
      { state: "open", reconnected: false },
    ]);

    const ack = await pusher.push({
      clientId: "pusher",
      deltas: [insertJson("pusher", "todos", "b1", { title: "hello" })],
    });
    const message = await waitFor(() => seen.deltas[0], "a broadcast");
    expect(message.deltas.map((d) => d.rowId)).toEqual(["b1"]);
    expect(message.serverHlc).toBe(ack.serverHlc);

    // The reader's own HTTP push is not echoed back to its socket; the next one from elsewhere is.
    await client.push({
      clientId: "reader",
      deltas: [insertJson("reader", "todos", "own", { title: "mine" })],
    });
    await pusher.push({ clientId: "pusher", deltas: [insertJson("pusher", "todos", "b2", {})] });
    await waitFor(() => seen.deltas[1], "the second broadcast");
    expect(seen.rowIds()).toEqual(["b1", "b2"]);
  });

  it("pushes over the socket: an ack, or a typed error for an invalid delta", async () => {
    const seen = record();
    const watcher = record();
    const writer = await clientFor("writer");
    subscriptions.push((await clientFor("watcher")).subscribe(watcher.options));
    const sub = writer.subscribe(seen.options);
    subscriptions.push(sub);
    await waitFor(() => seen.opens()[0], "open");
    await waitFor(() => watcher.opens()[0], "open");

    const ack = await sub.push({
      clientId: "writer",
      deltas: [insertJson("writer", "todos", "w1", { title: "over ws" })],
    });
    expect(ack).toEqual({ serverHlc: expect.stringMatching(/^\d+$/), accepted: 1 });
    await waitFor(() => watcher.deltas[0], "the watcher's broadcast");
    expect(watcher.rowIds()).toEqual(["w1"]);

    const error = await sub
      .push({ clientId: "writer", deltas: [{ ...insertJson("writer", "t", "w2", {}), hlc: "x" }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LakeSyncApiError);
    expect((error as LakeSyncApiError).issues.map((i) => i.path)).toContain("deltas[0].hlc");
  });

  it("reconnects with growing, jittered delays after the server goes away, then reports reconnected so the caller pulls what it missed", async () => {
    const seen = record();
    const tokens: string[] = [];
    const client = await clientFor("resilient", {
      token: undefined,
      getToken: async () => {
        const token = await gateway.token(GW, "client", "resilient", { n: tokens.length });
        tokens.push(token);
        return token;
      },
    });
    const sub = client.subscribe({
      ...seen.options,
      backoff: { initialDelayMs: 100, maxDelayMs: 400 },
    });
    subscriptions.push(sub);
    await waitFor(() => seen.opens()[0], "open");
    await pusher.push({ clientId: "pusher", deltas: [insertJson("pusher", "todos", "r1", {})] });
    const before = await waitFor(() => seen.deltas[0], "the first broadcast");
    const lastSeen = before.serverHlc;

    await gateway.pause();
    const waits = () => seen.statuses.filter((s) => s.state === "waiting");
    await waitFor(() => (waits().length >= 4 ? true : undefined), "four reconnect attempts");
    const delays = waits().map((s) => (s.state === "waiting" ? s : undefined));
    expect(delays[0]).toMatchObject({ attempt: 1, code: 1001 });
    expect(delays.map((s) => s?.attempt).slice(0, 4)).toEqual([1, 2, 3, 4]);
    // Equal jitter: each delay lies in the upper half of its ceiling (100, 200, 400, 400 ms).
    const ceilings = [100, 200, 400, 400];
    delays.slice(0, 4).forEach((s, i) => {
      expect(s?.delayMs).toBeGreaterThanOrEqual((ceilings[i] as number) / 2);
      expect(s?.delayMs).toBeLessThanOrEqual(ceilings[i] as number);
    });
    expect(sub.status.state === "waiting" || sub.status.state === "connecting").toBe(true);

    await gateway.resume();
    // A change the subscriber cannot have seen broadcast: pushed as soon as the server is back.
    await pusher.push({
      clientId: "pusher",
      deltas: [insertJson("pusher", "todos", "missed", {})],
    });
    const reopened = await waitFor(
      () => seen.statuses.find((s) => s.state === "open" && s.reconnected),
      "the reconnect",
    );
    expect(reopened).toEqual({ state: "open", reconnected: true });
    expect(sub.status).toEqual({ state: "open", reconnected: true });

    // What onStatus tells the caller to do: pull from the last serverHlc it saw.
    const caughtUp = await client.pull({ since: lastSeen });
    expect(caughtUp.deltas.map((d) => d.rowId)).toContain("missed");

    // Broadcasts flow again, and getToken was called for every connect attempt.
    await pusher.push({ clientId: "pusher", deltas: [insertJson("pusher", "todos", "r2", {})] });
    await waitFor(
      () => (seen.rowIds().includes("r2") ? true : undefined),
      "a broadcast after reconnecting",
    );
    const connects = seen.statuses.filter((s) => s.state === "connecting").length;
    expect(tokens.length).toBe(connects + 1); // and one for the pull
    expect(new Set(tokens).size).toBe(tokens.length);
  }, 30_000);

  it("stops for good on close(): no more reconnects, pending pushes rejected", async () => {
    const seen = record();
    const sub = (await clientFor("closer")).subscribe(seen.options);
    await waitFor(() => seen.opens()[0], "open");
    sub.close();
    sub.close();
    expect(sub.status).toEqual({ state: "closed", code: 1000, reason: "Closed by the client" });
    const count = seen.statuses.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(seen.statuses.length).toBe(count);
    await expect(sub.push({ clientId: "closer", deltas: [] })).rejects.toBeInstanceOf(
      LakeSyncNetworkError,
    );
  });

  it("retries a refused upgrade (bad token) with backoff and gives up after maxAttempts", async () => {
    const seen = record();
    const client = new LakeSyncClient({
      url: gateway.url,
      gatewayId: GW,
      token: await gateway.foreignToken(GW),
      WebSocket: NodeWebSocket,
    });
    const sub = client.subscribe({
      ...seen.options,
      maxAttempts: 2,
      backoff: { initialDelayMs: 20, maxDelayMs: 40 },
    });
    await waitFor(() => (sub.status.state === "closed" ? true : undefined), "giving up");
    expect(seen.statuses.map((s) => s.state)).toEqual([
      "connecting",
      "waiting",
      "connecting",
      "waiting",
      "connecting",
      "closed",
    ]);
    expect(seen.opens()).toEqual([]);
  });

  it("reports a failing getToken through onError and retries", async () => {
    const seen = record();
    let calls = 0;
    const client = new LakeSyncClient({
      url: gateway.url,
      gatewayId: GW,
      getToken: async () => {
        calls += 1;
        if (calls === 1) throw new Error("token service down");
        return gateway.token(GW, "client", "late");
      },
      WebSocket: NodeWebSocket,
    });
    const sub = client.subscribe({ ...seen.options, backoff: { initialDelayMs: 20 } });
    subscriptions.push(sub);
    await waitFor(() => seen.opens()[0], "open");
    expect(seen.errors.map((e) => e.message)).toEqual(["getToken failed: token service down"]);
    expect(seen.opens()).toEqual([{ state: "open", reconnected: false }]);
  });

  it("throws when the runtime has no WebSocket and none is passed", async () => {
    const client = new LakeSyncClient({ url: gateway.url, gatewayId: GW, token: "t" });
    const global = globalThis as { WebSocket?: unknown };
    const saved = global.WebSocket;
    delete global.WebSocket;
    try {
      expect(() => client.subscribe({ onDeltas: () => {} })).toThrow(/No global WebSocket/);
    } finally {
      if (saved !== undefined) global.WebSocket = saved;
    }
  });
});
