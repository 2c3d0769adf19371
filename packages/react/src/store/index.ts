export {
  type ConnectorTypesSnapshot,
  type ConnectorTypesStore,
  type ConnectorTypesStoreOptions,
  createConnectorTypesStore,
} from "./connector-types-store.js";
export {
  type ConnectorsSnapshot,
  type ConnectorsStore,
  type ConnectorsStoreOptions,
  createConnectorsStore,
  DEFAULT_CONNECTORS_REFRESH_MS,
} from "./connectors-store.js";
export {
  createResourceStore,
  type ResourceState,
  type ResourceStore,
  type ResourceStoreOptions,
} from "./resource-store.js";
export type { Timers } from "./timers.js";
