import { randomBytes } from "node:crypto";
import { pgliteClient, type SqlClient } from "@lakesync/adapter-postgres";
import { Err, LakeSyncError, Ok, unwrap } from "@lakesync/core";
import { MemoryStore, SyncGateway } from "@lakesync/gateway";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ControlStore } from "../control/control-store.js";
import { createSecretBox } from "../crypto/secret-box.js";
import { ConnectorManager, type LogFn, noRuntimeMessage } from "./connector-manager.js";
import { PollError, type PollReport } from "./contract.js";
import { ConnectorFactories } from "./factories.js";
import { FakeClock, settle, until } from "./testing/fake-clock.js";
import {
  registerTestConnectorTypes,
  TICKER_TOKEN,
  TickerScript,
  tickdbConfig,
  tickerConfig,
  unregisterTestConnectorTypes,
} from "./testing/ticker.js";
import { createUrlGuard } from "./url-guard.js";

// One in-memory PGlite for the file (it takes seconds to start); each test has its own gateway id.
let client: SqlClient;
let store: ControlStore;
beforeAll(async () => {
  client = pgliteClient(undefined);
  store = await ControlStore.open(client, await createSecretBox(randomBytes(32)));
}, 120_000);
afterAll(async () => {
  await client.close();
});
beforeEach(registerTestConnectorTypes);
afterEach(unregisterTestConnectorTypes);

let counter = 0;
function setup(options: { factories?: "none" } = {}) {
  const gatewayId = `gw-${++counter}`;
  const clock = new FakeClock();
  const gateway = new SyncGateway({ gatewayId, store: new MemoryStore() });
  const script = new TickerScript(clock);
  const factories =
    options.factories === "none"
      ? new ConnectorFactories()
      : new ConnectorFactories({ ticker: script.factory, tickdb: script.factory });
  const logs: unknown[] = [];
  const log: LogFn = (level, msg, fields) => logs.push({ level, msg, fields });
  const make = (f: ConnectorFactories = factories) =>
    new ConnectorManager({
      gatewayId,
      gateway,
      store,
      factories: f,
      urlGuard: createUrlGuard({ allowPrivateUrls: false }),
      clock,
      log,
      // random 1: each backoff delay is exactly its step, baseMs · 2^attempt.
      backoff: { baseMs: 1000, random: () => 1 },
    });
  const manager = make();
  /** Moves the clock and waits until `polls` polls have finished. */
  const advanceTo = async (name: string, ms: number, polls: number) => {
    await clock.advance(ms);
    await until(() => (manager.status(name)?.counters.polls ?? -1) >= polls, `${polls} polls`);
    await settle();
  };
  return { gatewayId, clock, gateway, script, factories, manager, make, logs, advanceTo };
}

const gaps = (times: readonly number[]) => times.slice(1).map((t, i) => t - (times[i] as number));
const retryable = (message = "ticker answered 503") => new PollError("UPSTREAM_ERROR", message);

describe("ConnectorManager", () => {
  it("registers a connector: stored, polling at once, deltas pushed into the gateway", async () => {
    const { manager, gateway, clock, gatewayId, advanceTo, script } = setup();
    expect(await manager.register(tickerConfig("t1", 10_000))).toEqual({ ok: true, value: {} });
    await advanceTo("t1", 0, 1);

    expect(manager.list()).toEqual([
      {
        name: "t1",
        type: "ticker",
        hasIngest: true,
        isPolling: true,
        state: "polling",
        lastPollAt: new Date(clock.now()).toISOString(),
        lastError: null,
        counters: { polls: 1, deltasPushed: 2, errors: 0 },
      },
    ]);
    const pulled = unwrap(await gateway.pull({ since: 0n, clientId: "reader" }));
    expect(pulled.deltas.map((d) => [d.table, d.rowId])).toEqual([
      ["ticks", "t1"],
      ["ticks", "t2"],
    ]);

    await advanceTo("t1", 10_000, 2);
    expect(gaps(script.pollTimes)).toEqual([10_000]);
    expect(manager.status("t1")?.counters).toEqual({ polls: 2, deltasPushed: 4, errors: 0 });
    // The cursor lives in the control store, scoped to the connector.
    const cursor = unwrap(await store.loadState(gatewayId, "t1", "cursor"));
    expect(new TextDecoder().decode(cursor ?? new Uint8Array())).toBe("4");
    const stored = unwrap(await store.listConnectors(gatewayId));
    expect(stored.map((s) => s.config)).toEqual([{ ok: true, value: tickerConfig("t1", 10_000) }]);
    await manager.stopAll();
  });

  it("backs off with growing delays on retryable failures, then recovers", async () => {
    const { manager, script, advanceTo } = setup();
    script.steps.push("ok", retryable(), retryable(), retryable(), "ok", "ok");
    await manager.register(tickerConfig("t1", 10_000));
    await advanceTo("t1", 0, 1);

    await advanceTo("t1", 10_000, 2);
    expect(manager.status("t1")).toMatchObject({
      state: "backing_off",
      isPolling: true,
      lastError: "ticker answered 503",
      counters: { polls: 2, deltasPushed: 2, errors: 1 },
    });
    await advanceTo("t1", 999, 0);
    expect(script.pollTimes).toHaveLength(2);
    await advanceTo("t1", 1, 3);
    await advanceTo("t1", 2000, 4);
    expect(manager.status("t1")?.state).toBe("backing_off");
    await advanceTo("t1", 4000, 5);
    expect(manager.status("t1")).toMatchObject({
      state: "polling",
      lastError: null,
      counters: { polls: 5, deltasPushed: 4, errors: 3 },
    });
    await advanceTo("t1", 10_000, 6);
    expect(gaps(script.pollTimes)).toEqual([10_000, 1000, 2000, 4000, 10_000]);
    await manager.stopAll();
  });

  it("waits as long as the upstream asks (retryAfterMs)", async () => {
    const { manager, script, advanceTo } = setup();
    script.steps.push(new PollError("RATE_LIMITED", "429 from ticker", { retryAfterMs: 7000 }));
    await manager.register(tickerConfig("t1", 10_000));
    await advanceTo("t1", 0, 1);
    expect(manager.status("t1")?.state).toBe("backing_off");
    await advanceTo("t1", 7000, 2);
    expect(gaps(script.pollTimes)).toEqual([7000]);
    expect(manager.status("t1")?.state).toBe("polling");
    await manager.stopAll();
  });

  it("waits no longer than the backoff cap, whatever Retry-After says", async () => {
    const { manager, script, advanceTo } = setup();
    script.steps.push(
      new PollError("RATE_LIMITED", "429 from ticker", { retryAfterMs: 3_600_000 }),
    );
    await manager.register(tickerConfig("t1", 10_000));
    await advanceTo("t1", 0, 1);
    await advanceTo("t1", 300_000, 2);
    expect(gaps(script.pollTimes)).toEqual([300_000]);
    await manager.stopAll();
  });

  it("shows backing_off while a running poll waits out a rate limit in place", async () => {
    const { manager, script } = setup();
    let release: () => void = () => {};
    const seen: (string | undefined)[] = [];
    script.steps.push(async () => {
      const context = script.contexts.at(-1);
      context?.onWait?.({ waitMs: 2000, reason: `429 from ticker with ${TICKER_TOKEN}` });
      seen.push(manager.status("t1")?.state);
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      context?.onWait?.(null);
      seen.push(manager.status("t1")?.state);
      return Ok({ deltasPushed: 0 });
    });
    await manager.register(tickerConfig("t1", 10_000));
    await until(() => seen.length === 1, "the poll to start waiting");
    const waiting = manager.status("t1");
    expect(waiting).toMatchObject({ state: "backing_off", isPolling: true });
    expect(waiting?.lastError).toContain("429 from ticker");
    expect(waiting?.lastError).not.toContain(TICKER_TOKEN);
    release();
    await until(() => (manager.status("t1")?.counters.polls ?? 0) === 1, "the poll to finish");
    expect(seen).toEqual(["backing_off", "polling"]);
    expect(manager.status("t1")).toMatchObject({ state: "polling", lastError: null });
    await manager.stopAll();
  });

  it("counts a running poll's accepted deltas as they go, and a failed poll's too", async () => {
    const { manager, script } = setup();
    let release: () => void = () => {};
    const seen: (number | undefined)[] = [];
    script.steps.push(async () => {
      const context = script.contexts.at(-1);
      context?.onProgress?.({ deltasPushed: 500 });
      seen.push(manager.status("t1")?.counters.deltasPushed);
      context?.onProgress?.({ deltasPushed: 1500 });
      seen.push(manager.status("t1")?.counters.deltasPushed);
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      context?.onProgress?.({ deltasPushed: 2000 });
      return Ok({ deltasPushed: 2000 });
    });
    await manager.register(tickerConfig("t1", 10_000));
    await until(() => seen.length === 2, "the poll to report progress");
    expect(seen).toEqual([500, 1500]);
    expect(manager.status("t1")?.counters).toMatchObject({ polls: 0, deltasPushed: 1500 });
    release();
    await until(() => (manager.status("t1")?.counters.polls ?? 0) === 1, "the poll to finish");
    // The report's total, not the total plus the progress already shown.
    expect(manager.status("t1")?.counters).toMatchObject({ polls: 1, deltasPushed: 2000 });
    await manager.stopAll();
  });

  it("keeps the deltas a poll had accepted before it failed", async () => {
    const { manager, script, advanceTo } = setup();
    script.steps.push(async () => {
      script.contexts.at(-1)?.onProgress?.({ deltasPushed: 700 });
      return Err(new PollError("ADAPTER_ERROR", "ticker went away mid-poll"));
    });
    await manager.register(tickerConfig("t1", 10_000));
    await advanceTo("t1", 0, 1);
    expect(manager.status("t1")).toMatchObject({
      state: "backing_off",
      counters: { polls: 1, deltasPushed: 700, errors: 1 },
    });
    await manager.stopAll();
  });

  it("shows a retry that gets deltas accepted as polling, its last error kept until it ends", async () => {
    const { manager, script, clock, advanceTo } = setup();
    let release: () => void = () => {};
    const seen: unknown[] = [];
    script.steps.push(retryable(), async () => {
      const context = script.contexts.at(-1);
      context?.onProgress?.({ deltasPushed: 0 });
      seen.push(manager.status("t1")?.state);
      context?.onProgress?.({ deltasPushed: 500 });
      seen.push(manager.status("t1")?.state);
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      return Ok({ deltasPushed: 500 });
    });
    await manager.register(tickerConfig("t1", 10_000));
    await advanceTo("t1", 0, 1);
    expect(manager.status("t1")?.state).toBe("backing_off");
    await clock.advance(1000);
    await until(() => seen.length === 2, "the retry to report progress");
    expect(seen).toEqual(["backing_off", "polling"]);
    expect(manager.status("t1")).toMatchObject({
      state: "polling",
      lastError: "ticker answered 503",
      counters: { polls: 1, deltasPushed: 500, errors: 1 },
    });
    release();
    await until(() => (manager.status("t1")?.counters.polls ?? 0) === 2, "the retry to finish");
    expect(manager.status("t1")).toMatchObject({ state: "polling", lastError: null });
    await manager.stopAll();
  });

  it("shows a poll's warnings, and logs them when they change, not on every poll", async () => {
    const { manager, script, advanceTo, logs } = setup();
    const warn = (warnings: string[]) => async () => Ok({ deltasPushed: 0, warnings });
    script.steps.push(warn(["rows repeat ids"]), warn(["rows repeat ids"]), warn(["other"]), "ok");
    await manager.register(tickerConfig("t1", 10_000));
    await advanceTo("t1", 0, 1);
    expect(manager.status("t1")?.warnings).toEqual(["rows repeat ids"]);
    await advanceTo("t1", 10_000, 2);
    await advanceTo("t1", 10_000, 3);
    expect(manager.status("t1")?.warnings).toEqual(["other"]);
    await advanceTo("t1", 10_000, 4);
    expect(manager.status("t1")?.warnings).toBeUndefined();
    const logged = (logs as { msg: string; fields: { warnings?: string[] } }[])
      .filter((l) => l.msg === "connector poll has warnings")
      .map((l) => l.fields.warnings);
    expect(logged).toEqual([["rows repeat ids"], ["other"]]);
    await manager.stopAll();
  });

  it("fails for good on a fatal error: no more polls", async () => {
    const { manager, script, clock, advanceTo } = setup();
    script.steps.push(
      "ok",
      new PollError("UNAUTHORIZED", "ticker refused the token", { fatal: true }),
    );
    await manager.register(tickerConfig("t1", 10_000));
    await advanceTo("t1", 0, 1);
    await advanceTo("t1", 10_000, 2);
    expect(manager.status("t1")).toMatchObject({
      state: "failed",
      isPolling: false,
      lastError: "ticker refused the token",
      counters: { polls: 2, errors: 1 },
    });
    await clock.advance(10_000_000);
    expect(script.pollTimes).toHaveLength(2);
    expect(clock.pending).toBe(0);
    // A failed connector is still listed and can be unregistered.
    expect(await manager.unregister("t1")).toEqual({ ok: true, value: undefined });
    expect(script.closed).toBe(1);
  });

  it("unregisters: polling stops within the interval, runtime closed, config and state deleted", async () => {
    const { manager, script, clock, gatewayId, advanceTo } = setup();
    await manager.register(tickerConfig("t1", 10_000));
    await advanceTo("t1", 0, 1);
    await clock.advance(5000);

    expect(await manager.unregister("t1")).toEqual({ ok: true, value: undefined });
    expect(script.closed).toBe(1);
    expect(script.signals[0]?.aborted).toBe(true);
    expect(manager.list()).toEqual([]);
    expect(clock.pending).toBe(0);
    await clock.advance(100_000);
    expect(script.pollTimes).toHaveLength(1);
    expect(unwrap(await store.listConnectors(gatewayId))).toEqual([]);
    expect(unwrap(await store.loadState(gatewayId, "t1", "cursor"))).toBeNull();
    // The name is free again.
    expect((await manager.register(tickerConfig("t1", 10_000))).ok).toBe(true);
    await manager.stopAll();
  });

  it("unregister waits for a running poll, which sees its signal aborted", async () => {
    const { manager, script } = setup();
    let release: (report: PollReport) => void = () => {};
    let aborted = false;
    script.steps.push(async (signal) => {
      const report = await new Promise<PollReport>((resolve) => {
        release = resolve;
      });
      aborted = signal.aborted;
      return Ok(report);
    });
    await manager.register(tickerConfig("t1", 10_000));
    await until(() => script.running === 1, "the poll to start");

    let done = false;
    const unregistering = manager.unregister("t1").then((r) => {
      done = true;
      return r;
    });
    await settle();
    expect(done).toBe(false);
    expect(script.closed).toBe(0);
    release({ deltasPushed: 0 });
    expect(await unregistering).toEqual({ ok: true, value: undefined });
    expect(aborted).toBe(true);
    expect(script.closed).toBe(1);
  });

  it("answers CONNECTOR_EXISTS for a taken name and CONNECTOR_NOT_FOUND for a missing one", async () => {
    const { manager, script } = setup();
    await manager.register(tickerConfig("t1"));
    const again = await manager.register(tickerConfig("t1"));
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.code).toBe("CONNECTOR_EXISTS");
    expect(script.contexts).toHaveLength(1);
    const missing = await manager.unregister("nope");
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.error.code).toBe("CONNECTOR_NOT_FOUND");
    await manager.stopAll();
  });

  it("never shows a secret of the config in lastError, the list or the logs", async () => {
    const { manager, script, advanceTo, logs } = setup();
    script.steps.push(
      retryable(
        `auth failed for ${TICKER_TOKEN} at https://bot:${TICKER_TOKEN}@ticker.example.com`,
      ),
      async () => {
        throw new Error(`socket closed, token=${encodeURIComponent(TICKER_TOKEN)}`);
      },
    );
    await manager.register(tickerConfig("t1", 10_000));
    await advanceTo("t1", 0, 1);
    expect(manager.status("t1")?.lastError).toBe(
      "auth failed for [redacted] at https://***@ticker.example.com",
    );
    await advanceTo("t1", 1000, 2);
    expect(manager.status("t1")?.lastError).toBe("poll threw: socket closed, token=[redacted]");

    for (const text of [JSON.stringify(manager.list()), JSON.stringify(logs)]) {
      expect(text).not.toContain(TICKER_TOKEN);
      expect(text).not.toContain(encodeURIComponent(TICKER_TOKEN));
    }
    // The runtime got the real secret: it needs it to reach the source.
    expect(script.contexts[0]?.config).toMatchObject({ ticker: { apiToken: TICKER_TOKEN } });
    await manager.stopAll();
  });

  it("refuses the register when the factory does: nothing stored, the error scrubbed", async () => {
    const { manager, script, gatewayId } = setup();
    script.builds.push(
      new LakeSyncError("UPSTREAM_ERROR", `ticker refused ${TICKER_TOKEN}`),
      "throw",
    );
    const refused = await manager.register(tickerConfig("t1"));
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe("UPSTREAM_ERROR");
      expect(refused.error.message).toBe("ticker refused [redacted]");
    }
    const threw = await manager.register(tickerConfig("t1"));
    expect(threw.ok).toBe(false);
    if (!threw.ok) {
      expect(threw.error.code).toBe("INTERNAL");
      expect(threw.error.message).not.toContain(TICKER_TOKEN);
    }
    expect(manager.list()).toEqual([]);
    expect(unwrap(await store.listConnectors(gatewayId))).toEqual([]);
    // Refusals leave the name free.
    expect((await manager.register(tickerConfig("t1"))).ok).toBe(true);
    await manager.stopAll();
  });

  it("keeps a connector whose type has no runtime on this server, as failed", async () => {
    const { manager, gatewayId } = setup({ factories: "none" });
    const registered = await manager.register(tickerConfig("t1"));
    expect(registered).toEqual({ ok: true, value: { warnings: [noRuntimeMessage("ticker")] } });
    expect(manager.status("t1")).toMatchObject({
      state: "failed",
      isPolling: false,
      lastError: "no runtime for type ticker on this server",
    });
    expect(unwrap(await store.listConnectors(gatewayId))).toHaveLength(1);
    expect((await manager.unregister("t1")).ok).toBe(true);
    expect(unwrap(await store.listConnectors(gatewayId))).toEqual([]);
  });

  it("runs a plain database source as idle: registered on the gateway, removed on unregister", async () => {
    const { manager, gateway, script } = setup();
    expect((await manager.register(tickdbConfig("db1"))).ok).toBe(true);
    expect(manager.status("db1")).toMatchObject({
      state: "idle",
      hasIngest: false,
      isPolling: false,
      lastPollAt: null,
    });
    expect(gateway.listSources()).toEqual(["db1"]);
    expect((await gateway.pull({ since: 0n, clientId: "c", source: "db1" })).ok).toBe(true);

    expect((await manager.unregister("db1")).ok).toBe(true);
    expect(gateway.listSources()).toEqual([]);
    expect(script.closed).toBe(1);
    const gone = await gateway.pull({ since: 0n, clientId: "c", source: "db1" });
    expect(gone.ok ? "ok" : gone.error.code).toBe("SOURCE_NOT_FOUND");
  });

  it("stopAll stops every poller and closes every runtime, keeping the stored configs", async () => {
    const { manager, script, clock, gatewayId, advanceTo } = setup();
    await manager.register(tickerConfig("t1", 10_000));
    await manager.register(tickdbConfig("db1"));
    await advanceTo("t1", 0, 1);
    await manager.stopAll();
    expect(manager.list().map((s) => [s.name, s.state, s.isPolling])).toEqual([
      ["t1", "stopped", false],
      ["db1", "stopped", false],
    ]);
    expect(script.closed).toBe(2);
    await clock.advance(100_000);
    expect(script.pollTimes).toHaveLength(1);
    expect(unwrap(await store.listConnectors(gatewayId))).toHaveLength(2);
    const late = await manager.register(tickerConfig("t2"));
    expect(late.ok).toBe(false);
  });

  it("restores stored connectors through their factories, resuming their state", async () => {
    const first = setup();
    await first.manager.register(tickerConfig("t1", 10_000));
    await first.manager.register(tickdbConfig("db1"));
    await first.advanceTo("t1", 0, 1);
    await first.manager.stopAll();

    const script = new TickerScript(first.clock);
    const manager = first.make(
      new ConnectorFactories({ ticker: script.factory, tickdb: script.factory }),
    );
    await manager.restore(unwrap(await store.listConnectors(first.gatewayId)));
    await until(() => manager.status("t1")?.counters.polls === 1, "the first poll");
    expect(manager.list().map((s) => [s.name, s.state])).toEqual([
      ["t1", "polling"],
      ["db1", "idle"],
    ]);
    // Rebuilt with the decrypted config; the cursor continued from the stored state.
    expect(script.contexts.map((c) => c.config)).toEqual([
      tickerConfig("t1", 10_000),
      tickdbConfig("db1"),
    ]);
    const pulled = unwrap(await first.gateway.pull({ since: 0n, clientId: "r" }));
    expect(pulled.deltas.map((d) => d.rowId)).toEqual(["t1", "t2", "t3", "t4"]);
    await manager.stopAll();
  });

  it("keeps connectors that cannot start on restore listed: retrying or failed", async () => {
    const { gatewayId, clock, make } = setup();
    for (const name of ["flaky", "broken", "orphan"]) {
      unwrap(await store.saveConnector(gatewayId, tickerConfig(name, 10_000)));
    }
    const script = new TickerScript(clock);
    // Builds run in the order stored: flaky, broken. orphan's type has no factory below.
    script.builds.push(
      new LakeSyncError("ADAPTER_ERROR", "ticker is down"),
      new LakeSyncError("INVALID_CONFIG", `bad token ${TICKER_TOKEN}`),
    );
    const factories = new ConnectorFactories({
      ticker: async (context) =>
        context.config.name === "orphan"
          ? Err(new LakeSyncError("INVALID_CONFIG", "unused"))
          : script.factory(context),
    });
    const manager = make(factories);
    const stored = unwrap(await store.listConnectors(gatewayId));
    await manager.restore([
      ...stored.filter((s) => s.name !== "orphan"),
      {
        gatewayId,
        name: "locked",
        type: "ticker",
        config: Err(new LakeSyncError("INVALID_CONFIG", "Cannot decrypt a stored secret")),
      },
    ]);
    expect(manager.list().map((s) => [s.name, s.state, s.lastError])).toEqual([
      ["flaky", "backing_off", "ticker is down"],
      ["broken", "failed", "bad token [redacted]"],
      ["locked", "failed", "Cannot decrypt a stored secret"],
    ]);
    await clock.advance(1000);
    await until(() => manager.status("flaky")?.state === "polling", "flaky to start");
    expect(manager.status("flaky")).toMatchObject({ lastError: null, isPolling: true });

    const noRuntime = make(new ConnectorFactories());
    await noRuntime.restore(stored.filter((s) => s.name === "orphan"));
    expect(noRuntime.status("orphan")).toMatchObject({
      state: "failed",
      lastError: "no runtime for type ticker on this server",
    });
    await manager.stopAll();
  });

  it("answers a pull of a restored database source that cannot connect yet as not connected, not as unknown", async () => {
    const { gatewayId, clock, gateway, make } = setup();
    unwrap(await store.saveConnector(gatewayId, tickdbConfig("users-db")));
    const script = new TickerScript(clock);
    script.builds.push(new LakeSyncError("ADAPTER_ERROR", "Cannot reach PostgreSQL: ECONNREFUSED"));
    const manager = make(new ConnectorFactories({ tickdb: script.factory }));
    await manager.restore(unwrap(await store.listConnectors(gatewayId)));
    expect(manager.status("users-db")?.state).toBe("backing_off");

    const down = await gateway.pull({ since: 0n, clientId: "app", source: "users-db" });
    expect(down.ok).toBe(false);
    if (!down.ok) {
      expect(down.error.code).toBe("ADAPTER_ERROR");
      expect(down.error.message).toBe(
        'Source "users-db" is not connected: Cannot reach PostgreSQL: ECONNREFUSED. The connector retries; see GET /admin/connectors',
      );
    }
    await clock.advance(1000);
    await until(() => manager.status("users-db")?.state === "idle", "users-db to connect");
    expect(await gateway.pull({ since: 0n, clientId: "app", source: "users-db" })).toMatchObject({
      ok: true,
      value: { deltas: [] },
    });
    await manager.stopAll();
    const gone = await gateway.pull({ since: 0n, clientId: "app", source: "users-db" });
    expect(!gone.ok && gone.error.code).toBe("SOURCE_NOT_FOUND");
  });

  it("lets the server go on after 2 s of a restore whose database does not answer", async () => {
    const { gatewayId, clock, gateway, make } = setup();
    unwrap(await store.saveConnector(gatewayId, tickdbConfig("slow-db")));
    const script = new TickerScript(clock);
    let answer: () => void = () => {};
    const answered = new Promise<void>((resolve) => {
      answer = resolve;
    });
    const factories = new ConnectorFactories({
      tickdb: async (context) => {
        await answered;
        return script.factory(context);
      },
    });
    const manager = make(factories);
    let restored = false;
    const restoring = manager.restore(unwrap(await store.listConnectors(gatewayId))).then(() => {
      restored = true;
    });
    await clock.advance(1999);
    await settle();
    expect(restored).toBe(false);
    await clock.advance(1);
    await restoring;
    expect(manager.status("slow-db")?.state).toBe("starting");
    const pulled = await gateway.pull({ since: 0n, clientId: "app", source: "slow-db" });
    expect(!pulled.ok && pulled.error.message).toBe(
      'Source "slow-db" is not connected: its connector is starting. The connector retries; see GET /admin/connectors',
    );
    answer();
    await until(() => manager.status("slow-db")?.state === "idle", "slow-db to connect");
    expect((await gateway.pull({ since: 0n, clientId: "app", source: "slow-db" })).ok).toBe(true);
    await manager.stopAll();
  });
});
