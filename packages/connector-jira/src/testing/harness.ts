import type { JiraConnectorConfig, RowDelta } from "@lakesync/core";
import { SyncGateway } from "@lakesync/gateway";
import { MemoryStateStore, pullAll } from "@lakesync/gateway/connector-kit";
import {
  createJiraPoller,
  type JiraPoller,
  type JiraPollerOptions,
} from "../poller/jira-poller.js";
import { FakeJira } from "./fake-jira.js";

export {
  FlushCountingTarget,
  MemoryStateStore,
  materialize,
  pullAll,
} from "@lakesync/gateway/connector-kit";

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
