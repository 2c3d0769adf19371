import type { ConnectorDescriptor } from "@lakesync/core";
import { useMemo, useSyncExternalStore } from "react";
import { useLakeSyncContext } from "./provider.js";

/** What `useConnectorTypes()` returns. */
export interface UseConnectorTypesResult {
  /** Every connector type of the server, built-in and custom; `[]` while loading. */
  readonly types: readonly ConnectorDescriptor[];
  /** The first answer is awaited. */
  readonly isLoading: boolean;
  /** The last request's error (`LakeSyncNetworkError`, `LakeSyncApiError`), else `null`. */
  readonly error: Error | null;
  /** Fetches the types again. Never rejects: errors show in `error`. */
  readonly refetch: () => Promise<void>;
}

/**
 * The server's connector types (`GET /connectors/types`), for rendering "Add connector"
 * forms from each type's `configSchema`. Custom types registered on the server show up too.
 * @example
 * const { types, isLoading, error, refetch } = useConnectorTypes();
 * if (isLoading) return <p>Loading...</p>;
 * if (error) return <p>Error: {error.message}</p>;
 * return <select>{types.map((t) => <option key={t.type} value={t.type}>{t.displayName}</option>)}</select>;
 */
export function useConnectorTypes(): UseConnectorTypesResult {
  const store = useLakeSyncContext("useConnectorTypes").connectorTypes;
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
  return useMemo(
    () => ({
      types: snapshot.types,
      isLoading: snapshot.isLoading,
      error: snapshot.error,
      refetch: store.refetch,
    }),
    [snapshot, store],
  );
}
