import type { ValidationIssue } from "@lakesync/core";

/**
 * The JSON bodies of the gateway's routes, as docs/admin-api.md describes them. HLCs are
 * decimal strings on the wire (64 bits do not fit a JSON number): compare them with
 * `BigInt(a) < BigInt(b)`, never as numbers.
 */

/** An HLC timestamp as JSON: wall-clock ms << 16 | counter, in a decimal string. */
export type HlcString = string;

/** One column's new value; `value` is any JSON value, `null` for none. */
export interface ColumnJson {
  readonly column: string;
  readonly value: unknown;
}

/** A row delta as it travels in JSON. */
export interface RowDeltaJson {
  readonly deltaId: string;
  readonly op: "INSERT" | "UPDATE" | "DELETE";
  readonly table: string;
  readonly rowId: string;
  readonly clientId: string;
  readonly hlc: HlcString;
  readonly columns: readonly ColumnJson[];
}

/** The body of `POST /sync/:gw/push` (and of a WebSocket `push` message). */
export interface PushRequest {
  readonly clientId: string;
  readonly deltas: readonly RowDeltaJson[];
  /** The newest `serverHlc` this client has seen. Default `"0"`. */
  readonly lastSeenHlc?: HlcString | undefined;
}

/** `200` of a push. */
export interface PushAck {
  readonly serverHlc: HlcString;
  /** Deltas that were new; re-sent ones (same `deltaId`) are skipped. */
  readonly accepted: number;
}

/** The query of `GET /sync/:gw/pull`. */
export interface PullRequest {
  /** The `serverHlc` of the previous page. Default `"0"`. */
  readonly since?: HlcString | undefined;
  /** Default: the token's `sub`. */
  readonly clientId?: string | undefined;
  /** Page size, capped by the server. Default 1000. */
  readonly limit?: number | undefined;
  /** Read that database connector's delta log instead of the gateway's. */
  readonly source?: string | undefined;
}

/** `200` of a pull: one page. Page while `hasMore`, passing `serverHlc` as the next `since`. */
export interface PullPage {
  readonly deltas: readonly RowDeltaJson[];
  readonly serverHlc: HlcString;
  readonly hasMore: boolean;
  readonly warnings?: readonly string[];
}

export type { ConnectorState, ConnectorStatus } from "@lakesync/core";

/** `201` of `POST /admin/connectors/:gw`. */
export interface ConnectorRegistered {
  readonly registered: true;
  readonly name: string;
  /** What this server cannot do for the connector (e.g. `no runtime for type jira on this server`). */
  readonly warnings?: readonly string[];
}

/** `200` of `DELETE /admin/connectors/:gw/:name`. */
export interface ConnectorUnregistered {
  readonly unregistered: true;
  readonly name: string;
}

/** `200` of `POST /admin/sync-rules/:gw`. */
export interface SyncRulesUpdated {
  readonly updated: true;
  /** Buckets now in force. */
  readonly buckets: number;
}

/** `200` of `POST /admin/schema/:gw`. */
export interface SchemaRegistered {
  readonly registered: true;
  readonly table: string;
}

/** The gateway's buffer. */
export interface BufferStats {
  readonly logSize: number;
  readonly indexSize: number;
  readonly byteSize: number;
}

/** `200` of `POST /admin/flush/:gw`. */
export interface Flushed {
  readonly flushed: true;
  readonly bufferStats: BufferStats;
}

/** The body of every error response. */
export interface ErrorBodyJson {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly issues?: readonly ValidationIssue[];
  };
}

/** Server → client: deltas another client (or a connector) pushed. */
export interface WsDeltasMessage {
  readonly type: "deltas";
  readonly deltas: readonly RowDeltaJson[];
  readonly serverHlc: HlcString;
}

/** Server → client: the answer to a `push`. */
export interface WsAckMessage {
  readonly type: "ack";
  readonly id?: string | number;
  readonly serverHlc: HlcString;
  readonly accepted: number;
}

/** Server → client: a message was refused. */
export interface WsErrorMessage {
  readonly type: "error";
  readonly id?: string | number;
  readonly error: ErrorBodyJson["error"];
}

/** Server → client: the answer to a `ping`. */
export interface WsPongMessage {
  readonly type: "pong";
  readonly id?: string | number;
}

/** Every message the server sends on the sync WebSocket. */
export type WsServerMessage = WsDeltasMessage | WsAckMessage | WsErrorMessage | WsPongMessage;
