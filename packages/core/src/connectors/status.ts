/**
 * A connector's lifecycle state (`idle`: kept without a poller on this host). The connector
 * manager of gateway-server owns the transitions.
 */
export type ConnectorState = "starting" | "polling" | "backing_off" | "failed" | "stopped" | "idle";

/** One entry of `GET /admin/connectors/:gw`: what the list shows of a connector, never a secret. */
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
