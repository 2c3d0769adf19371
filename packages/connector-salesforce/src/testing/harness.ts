import type { IngestTarget, PushTarget, RowDelta, SalesforceConnectorConfig } from "@lakesync/core";
import { type ConnectorStateStore, SyncGateway } from "@lakesync/gateway";
import {
  createSalesforcePoller,
  type SalesforcePoller,
  type SalesforcePollerOptions,
} from "../poller/salesforce-poller.js";
import { FakeSalesforce } from "./fake-salesforce.js";

/** A ConnectorStateStore over a Map: what the server persists, kept in memory. */
export class MemoryStateStore implements ConnectorStateStore {
  readonly data = new Map<string, Uint8Array>();
  async load(key: string): Promise<Uint8Array | null> {
    return this.data.get(key) ?? null;
  }
  async save(key: string, value: Uint8Array): Promise<void> {
    this.data.set(key, value.slice());
  }
  async delete(key: string): Promise<void> {
    this.data.delete(key);
  }
}

/** Every delta the gateway holds after `since`, and the HLC to read on from. */
export async function pullAll(
  gateway: SyncGateway,
  since = 0n,
): Promise<{ deltas: RowDelta[]; hlc: bigint }> {
  const deltas: RowDelta[] = [];
  let cursor = since;
  for (;;) {
    const page = await gateway.pull({ since: cursor, clientId: "reader", limit: 10_000 });
    if (!page.ok) throw page.error;
    deltas.push(...page.value.deltas);
    cursor = page.value.serverHlc;
    if (!page.value.hasMore) return { deltas, hlc: cursor };
  }
}

/** The rows the deltas describe, per table then row id, last writer wins in order. */
export function materialize(
  deltas: readonly RowDelta[],
): Map<string, Map<string, Record<string, unknown>>> {
  const tables = new Map<string, Map<string, Record<string, unknown>>>();
  for (const d of deltas) {
    const rows = tables.get(d.table) ?? new Map<string, Record<string, unknown>>();
    tables.set(d.table, rows);
    if (d.op === "DELETE") rows.delete(d.rowId);
    else
      rows.set(
        d.rowId,
        Object.assign(rows.get(d.rowId) ?? {}, ...d.columns.map((c) => ({ [c.column]: c.value }))),
      );
  }
  return tables;
}

/** Counts the pushes and flushes a real gateway gets. */
export class FlushCountingTarget implements IngestTarget {
  flushes = 0;
  pushes = 0;
  constructor(readonly inner: SyncGateway) {}
  push(msg: Parameters<PushTarget["push"]>[0]) {
    this.pushes += 1;
    return this.inner.push(msg);
  }
  flush() {
    this.flushes += 1;
    return this.inner.flush();
  }
  shouldFlush() {
    return this.inner.shouldFlush();
  }
  get bufferStats() {
    return this.inner.bufferStats;
  }
}

/** The `salesforce` block for a fake, every entity on. */
export function fakeConfig(
  fake: FakeSalesforce,
  overrides: Partial<SalesforceConnectorConfig> = {},
): SalesforceConnectorConfig {
  return {
    instanceUrl: fake.instanceUrl,
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
    username: fake.username,
    password: fake.password,
    apiVersion: "62.0",
    isSandbox: false,
    includeAccounts: true,
    includeContacts: true,
    includeOpportunities: true,
    includeLeads: true,
    loginUrl: "https://login.salesforce.com",
    ...overrides,
  };
}

export interface Setup {
  readonly fake: FakeSalesforce;
  readonly gateway: SyncGateway;
  readonly state: MemoryStateStore;
  /** Every in-place wait the client took, in ms. */
  readonly sleeps: number[];
  /** Every log line and wait reason the poller produced (for secret checks). */
  readonly logs: string[];
  poller(
    overrides?: Partial<SalesforceConnectorConfig>,
    options?: Partial<SalesforcePollerOptions>,
  ): SalesforcePoller;
  /** Deltas added to the gateway since the last call. */
  newDeltas(): Promise<RowDelta[]>;
}

export const T0 = Date.parse("2024-01-15T10:00:00.000Z");
export const MIN = 60_000;

export function setup(fake = new FakeSalesforce()): Setup {
  const gateway = new SyncGateway({ gatewayId: "gw-test" });
  const state = new MemoryStateStore();
  const sleeps: number[] = [];
  const logs: string[] = [];
  let seen = 0n;
  return {
    fake,
    gateway,
    state,
    sleeps,
    logs,
    poller(overrides = {}, options = {}) {
      return createSalesforcePoller({
        config: fakeConfig(fake, overrides),
        target: gateway,
        state,
        clientId: "ingest:sf-test",
        fetch: fake.fetch,
        log: (level, msg, fields) => logs.push(`${level} ${msg} ${JSON.stringify(fields ?? {})}`),
        client: {
          sleep: async (ms) => {
            sleeps.push(ms);
          },
          random: () => 0.5,
          onWait: (wait) => {
            if (wait) logs.push(`wait ${wait.waitMs} ${wait.reason}`);
          },
        },
        ...options,
      });
    },
    async newDeltas() {
      const { deltas, hlc } = await pullAll(gateway, seen);
      seen = hlc;
      return deltas;
    },
  };
}
