import { LakeSyncError } from "@lakesync/core";
import type { ConnectorStatus } from "./types.js";

/**
 * What every host answers alike about connectors: the errors of a taken or unknown name, and
 * the status of a connector the host keeps but does not run.
 */

/**
 * CONNECTOR_EXISTS: the name is taken on this gateway.
 * @example if (connectors.has(config.name)) return Err(connectorExistsError(config.name));
 */
export function connectorExistsError(name: string): LakeSyncError {
  return new LakeSyncError(
    "CONNECTOR_EXISTS",
    `A connector named "${name}" already exists on this gateway`,
  );
}

/**
 * CONNECTOR_NOT_FOUND: no connector of that name on this gateway (the name cut to 64 characters).
 * @example if (!entry) return Err(connectorNotFoundError(name));
 */
export function connectorNotFoundError(name: string): LakeSyncError {
  return new LakeSyncError(
    "CONNECTOR_NOT_FOUND",
    `No connector named ${JSON.stringify(name.slice(0, 64))} on this gateway`,
  );
}

/** What `idleConnectorStatus` is built from: the name and type only, never a secret. */
export interface IdleConnector {
  readonly name: string;
  readonly type: string;
  readonly hasIngest: boolean;
  readonly warnings: readonly string[];
}

/**
 * The status of a connector that is kept but not run: `idle`, not polling, no polls, and
 * its warnings when there are any.
 * @example const statuses = stored.map(idleConnectorStatus);
 */
export function idleConnectorStatus({
  name,
  type,
  hasIngest,
  warnings,
}: IdleConnector): ConnectorStatus {
  return {
    name,
    type,
    hasIngest,
    isPolling: false,
    state: "idle",
    lastPollAt: null,
    lastError: null,
    counters: { polls: 0, deltasPushed: 0, errors: 0 },
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}
