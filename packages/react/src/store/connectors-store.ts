import type {
  ConnectorRegistered,
  ConnectorStatus,
  ConnectorUnregistered,
  LakeSyncClient,
} from "@lakesync/client";
import type { ConnectorConfigInput } from "@lakesync/core";
import { createResourceStore } from "./resource-store.js";
import { select } from "./select.js";
import type { Timers } from "./timers.js";

/** What `useConnectors()` shows: the same object until something changes. */
export interface ConnectorsSnapshot {
  /**
   * The gateway's connectors with their live status (`state`, `lastPollAt`, `lastError`,
   * `counters`); `[]` until the first answer. Rows that did not change keep their identity.
   */
  readonly connectors: readonly ConnectorStatus[];
  /** The first answer is awaited. */
  readonly isLoading: boolean;
  /** The last list request's error (e.g. a 401 `LakeSyncApiError`), else `null`. */
  readonly error: Error | null;
}

/** Options of `createConnectorsStore`. */
export interface ConnectorsStoreOptions {
  /** Refresh the list (and so the live status) this often while subscribed. Default 5000; `0`: never. */
  readonly refreshIntervalMs?: number | undefined;
  readonly timers?: Timers | undefined;
}

/** The gateway's connectors: list with live status, register, unregister. */
export interface ConnectorsStore {
  readonly subscribe: (listener: () => void) => () => void;
  readonly getSnapshot: () => ConnectorsSnapshot;
  /** Fetches the list again; never rejects (errors go to the snapshot). */
  readonly refetch: () => Promise<void>;
  /**
   * Registers a connector, then refreshes the list. Rejects with the server's error as it
   * came: a 400 `LakeSyncApiError` has one `issues` entry per bad field
   * (`{ path: "postgres.connectionString", message }`), a 409 has code `CONNECTOR_EXISTS`.
   */
  readonly register: (config: ConnectorConfigInput) => Promise<ConnectorRegistered>;
  /** Stops and removes a connector, then refreshes the list. 404 `CONNECTOR_NOT_FOUND` rejects. */
  readonly unregister: (name: string) => Promise<ConnectorUnregistered>;
}

/** Default refresh of the connector list while subscribed. */
export const DEFAULT_CONNECTORS_REFRESH_MS = 5000;

/**
 * A framework-free store of a gateway's connectors, refreshed on an interval while
 * subscribed so each connector's state, last poll and last error stay current.
 * @example
 * const store = createConnectorsStore(client, { refreshIntervalMs: 2000 });
 * const stop = store.subscribe(() => console.table(store.getSnapshot().connectors));
 * await store.register({ name: "db", type: "postgres", postgres: { connectionString } });
 * stop(); // no more polls
 */
export function createConnectorsStore(
  client: Pick<LakeSyncClient, "connectors">,
  options: ConnectorsStoreOptions = {},
): ConnectorsStore {
  const resource = createResourceStore<readonly ConnectorStatus[]>({
    load: () => client.connectors.list(),
    initial: [],
    refreshIntervalMs: options.refreshIntervalMs ?? DEFAULT_CONNECTORS_REFRESH_MS,
    timers: options.timers,
  });
  return {
    subscribe: resource.subscribe,
    getSnapshot: select(resource.getSnapshot, (s) => ({
      connectors: s.data,
      isLoading: s.isLoading,
      error: s.error,
    })),
    refetch: resource.refetch,
    register: async (config) => {
      const registered = await client.connectors.register(config);
      await resource.refetch();
      return registered;
    },
    unregister: async (name) => {
      const unregistered = await client.connectors.unregister(name);
      await resource.refetch();
      return unregistered;
    },
  };
}
