import type { ConnectorRegistered, ConnectorStatus, ConnectorUnregistered } from "@lakesync/client";
import type { ConnectorConfigInput } from "@lakesync/core";
import { useMemo, useSyncExternalStore } from "react";
import { useLakeSyncContext } from "./provider.js";

/** What `useConnectors()` returns. */
export interface UseConnectorsResult {
  /** The gateway's connectors with live `state`, `lastPollAt`, `lastError`; `[]` while loading. */
  readonly connectors: readonly ConnectorStatus[];
  /** The first answer is awaited. */
  readonly isLoading: boolean;
  /** The last list request's error (e.g. a 401 `LakeSyncApiError`), else `null`. */
  readonly error: Error | null;
  /** Fetches the list now. Never rejects. */
  readonly refetch: () => Promise<void>;
  /**
   * Registers a connector and refreshes the list. Rejects with the server's
   * `LakeSyncApiError`: on 400 its `issues` name each bad field, for showing beside it.
   */
  readonly register: (config: ConnectorConfigInput) => Promise<ConnectorRegistered>;
  /** Removes a connector and refreshes the list. */
  readonly unregister: (name: string) => Promise<ConnectorUnregistered>;
}

/**
 * The gateway's connectors with live status, refreshed every `refreshIntervalMs` of the
 * provider (default 5 s) while a component uses it; polling stops when the last one unmounts.
 * @example
 * const { connectors, register, unregister } = useConnectors();
 * try {
 *   await register({ name: "db", type: "postgres", postgres: { connectionString } });
 * } catch (error) {
 *   if (error instanceof LakeSyncApiError) setFieldErrors(error.issues);
 * }
 */
export function useConnectors(): UseConnectorsResult {
  const store = useLakeSyncContext("useConnectors").connectors;
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
  return useMemo(
    () => ({
      connectors: snapshot.connectors,
      isLoading: snapshot.isLoading,
      error: snapshot.error,
      refetch: store.refetch,
      register: store.register,
      unregister: store.unregister,
    }),
    [snapshot, store],
  );
}
