import type { LakeSyncClient } from "@lakesync/client";
import type { ConnectorDescriptor } from "@lakesync/core";
import { createResourceStore } from "./resource-store.js";
import { select } from "./select.js";
import type { Timers } from "./timers.js";

/** What `useConnectorTypes()` shows: the same object until something changes. */
export interface ConnectorTypesSnapshot {
  /** Every connector type of the server, built-in and custom; `[]` until the first answer. */
  readonly types: readonly ConnectorDescriptor[];
  /** The first answer is awaited. */
  readonly isLoading: boolean;
  /** The last request's error (`LakeSyncNetworkError`, `LakeSyncApiError`), else `null`. */
  readonly error: Error | null;
}

/** Options of `createConnectorTypesStore`. */
export interface ConnectorTypesStoreOptions {
  /** Fetch again this often while subscribed. Default `0`: types are static, fetch once. */
  readonly refreshIntervalMs?: number | undefined;
  readonly timers?: Timers | undefined;
}

/** The server's connector types (`GET /connectors/types`), for forms. */
export interface ConnectorTypesStore {
  readonly subscribe: (listener: () => void) => () => void;
  readonly getSnapshot: () => ConnectorTypesSnapshot;
  /** Fetches the types again; never rejects (errors go to the snapshot). */
  readonly refetch: () => Promise<void>;
}

/**
 * A framework-free store of the server's connector types. The first subscriber loads them.
 * @example
 * const store = createConnectorTypesStore(client);
 * store.subscribe(() => console.log(store.getSnapshot().types.map((t) => t.type)));
 */
export function createConnectorTypesStore(
  client: Pick<LakeSyncClient, "connectorTypes">,
  options: ConnectorTypesStoreOptions = {},
): ConnectorTypesStore {
  const resource = createResourceStore<readonly ConnectorDescriptor[]>({
    load: () => client.connectorTypes(),
    initial: [],
    refreshIntervalMs: options.refreshIntervalMs,
    timers: options.timers,
  });
  return {
    subscribe: resource.subscribe,
    getSnapshot: select(resource.getSnapshot, (s) => ({
      types: s.data,
      isLoading: s.isLoading,
      error: s.error,
    })),
    refetch: resource.refetch,
  };
}
