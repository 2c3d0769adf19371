export {
  connectorExistsError,
  connectorNotFoundError,
  type IdleConnector,
  idleConnectorStatus,
} from "./connector-status.js";
export {
  type HostedGatewayOptions,
  MemoryGatewayHost,
  type MemoryGatewayHostOptions,
  NO_POLLER_WARNING,
  NO_SOURCE_WARNING,
} from "./memory-host.js";
export type { ConnectorState, ConnectorStatus, GatewayHost, RegisterOutcome } from "./types.js";
