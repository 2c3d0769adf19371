// The public API of @lakesync/react.

export {
  type LakeSyncClientSource,
  LakeSyncProvider,
  type LakeSyncProviderProps,
  useLakeSyncClient,
} from "./provider.js";
export {
  type ConnectorsSnapshot,
  type ConnectorsStore,
  type ConnectorsStoreOptions,
  type ConnectorTypesSnapshot,
  type ConnectorTypesStore,
  type ConnectorTypesStoreOptions,
  createConnectorsStore,
  createConnectorTypesStore,
  DEFAULT_CONNECTORS_REFRESH_MS,
  type Timers,
} from "./store/index.js";
export { type UseConnectorTypesResult, useConnectorTypes } from "./use-connector-types.js";
export { type UseConnectorsResult, useConnectors } from "./use-connectors.js";
