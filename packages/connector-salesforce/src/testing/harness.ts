import type { RowDelta, SalesforceConnectorConfig } from "@lakesync/core";
import { SyncGateway } from "@lakesync/gateway";
import { MemoryStateStore, pullAll } from "@lakesync/gateway/connector-kit";
import {
  createSalesforcePoller,
  type SalesforcePoller,
  type SalesforcePollerOptions,
} from "../poller/salesforce-poller.js";
import { FakeSalesforce } from "./fake-salesforce.js";

export {
  FlushCountingTarget,
  MemoryStateStore,
  materialize,
  pullAll,
} from "@lakesync/gateway/connector-kit";

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
