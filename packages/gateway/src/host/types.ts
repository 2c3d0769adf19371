import type {
  ConnectorConfig,
  LakeSyncError,
  Result,
  SyncRules,
  TableSchema,
} from "@lakesync/core";
import type { SyncGateway } from "../engine/sync-gateway.js";

/** A connector's lifecycle state. See the connector manager for its transitions. */
export type ConnectorState = "starting" | "polling" | "backing_off" | "failed" | "stopped" | "idle";

/** What the list route shows of a connector: never a secret. */
export interface ConnectorStatus {
  readonly name: string;
  readonly type: string;
  readonly hasIngest: boolean;
  readonly isPolling: boolean;
  readonly state: ConnectorState;
  /** ISO time of the last finished poll, or null. */
  readonly lastPollAt: string | null;
  /** The last error, with secrets stripped, or null. */
  readonly lastError: string | null;
  readonly counters: {
    readonly polls: number;
    readonly deltasPushed: number;
    readonly errors: number;
  };
  /** Why this host cannot run part of the connector (e.g. no pollers on Workers). */
  readonly warnings?: readonly string[];
}

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
