import type {
  ConnectorConfig,
  ConnectorStatus,
  LakeSyncError,
  Result,
  SyncRules,
  TableSchema,
} from "@lakesync/core";
import type { SyncGateway } from "../engine/sync-gateway.js";

export type { ConnectorState, ConnectorStatus } from "@lakesync/core";

/** What registering a connector answers besides `{ registered, name }`. */
export interface RegisterOutcome {
  readonly warnings?: readonly string[];
}

/**
 * Everything the HTTP routes need from the process that hosts gateways: the server (live
 * connections, pollers, persistence) and the worker (Durable Object storage) each supply one.
 * A gateway id names an isolated gateway, created on first use.
 */
export interface GatewayHost {
  gateway(gatewayId: string): Promise<SyncGateway>;
  /** Applies validated rules and keeps them. */
  setSyncRules(gatewayId: string, rules: SyncRules): Promise<Result<void, LakeSyncError>>;
  /** Applies a validated table schema and keeps it. */
  registerSchema(gatewayId: string, schema: TableSchema): Promise<Result<void, LakeSyncError>>;
  /** Creates the connector's adapter or poller; CONNECTOR_EXISTS for a taken name. */
  registerConnector(
    gatewayId: string,
    config: ConnectorConfig,
  ): Promise<Result<RegisterOutcome, LakeSyncError>>;
  listConnectors(gatewayId: string): Promise<ConnectorStatus[]>;
  /** Stops its poller, closes its connections, removes its source; CONNECTOR_NOT_FOUND. */
  unregisterConnector(gatewayId: string, name: string): Promise<Result<void, LakeSyncError>>;
}
