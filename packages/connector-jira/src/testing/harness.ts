import type { IngestTarget, JiraConnectorConfig, PushTarget, RowDelta } from "@lakesync/core";
import { type ConnectorStateStore, SyncGateway } from "@lakesync/gateway";
import {
  createJiraPoller,
  type JiraPoller,
  type JiraPollerOptions,
} from "../poller/jira-poller.js";
import { FakeJira } from "./fake-jira.js";

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

/** Reads every delta the gateway holds after `since`. */
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

/** The rows the deltas describe, per table, last writer wins in order. */
export function materialize(
  deltas: readonly RowDelta[],
): Map<string, Map<string, Record<string, unknown>>> {
  const tables = new Map<string, Map<string, Record<string, unknown>>>();
  for (const d of deltas) {
    let rows = tables.get(d.table);
    if (!rows) {
      rows = new Map();
      tables.set(d.table, rows);
    }
    if (d.op === "DELETE") {
      rows.delete(d.rowId);
      continue;
    }
    const row = rows.get(d.rowId) ?? {};
    for (const { column, value } of d.columns) row[column] = value;
    rows.set(d.rowId, row);
  }
  return tables;
}

/** Observes flushes of a real target by delegating to it. */
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

export interface Setup {
  readonly fake: FakeJira;
  readonly gateway: SyncGateway;
  readonly state: MemoryStateStore;
  readonly sleeps: number[];
  poller(
    overrides?: Partial<JiraConnectorConfig>,
    options?: Partial<JiraPollerOptions>,
  ): JiraPoller;
  /** Deltas added to the gateway since the last call. */
  newDeltas(): Promise<RowDelta[]>;
}

export const T0 = Date.parse("2024-01-15T10:00:00.000Z");
export const MIN = 60_000;

export function setup(fake = new FakeJira()): Setup {
  const gateway = new SyncGateway({ gatewayId: "gw-test" });
  const state = new MemoryStateStore();
  const sleeps: number[] = [];
  let seen = 0n;
  return {
    fake,
    gateway,
    state,
    sleeps,
    poller(overrides = {}, options = {}) {
      const config: JiraConnectorConfig = {
        domain: "fake",
        email: fake.email,
        apiToken: fake.apiToken,
        includeComments: true,
        includeProjects: true,
        baseUrl: "https://fake.atlassian.net",
        ...overrides,
      };
      return createJiraPoller({
        config,
        target: gateway,
        state,
        clientId: "ingest:jira-test",
        fetch: fake.fetch,
        client: {
          sleep: async (ms) => {
            sleeps.push(ms);
          },
          random: () => 0.5,
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
