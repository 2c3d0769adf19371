import type { AdapterError, DatabaseAdapter, HLCTimestamp, Result, Row } from "@lakesync/core";

/** What the contract needs of an adapter beyond core's `DatabaseAdapter`. */
export interface ContractAdapter extends DatabaseAdapter {
  readRow(table: string, rowId: string): Promise<Result<Row | null, AdapterError>>;
  lastPosition(): Promise<Result<HLCTimestamp, AdapterError>>;
}

/** One empty, isolated database (a fresh schema is enough) for one test. */
export interface ContractDatabase {
  /** A new adapter on this database for a gateway id; `dispose` closes it. */
  adapter(gatewayId: string): ContractAdapter;
  /**
   * The rows of a typed table for a gateway, ordered by row id, without `gateway_id`;
   * timestamps as `Date`, json parsed, numbers and booleans as such.
   */
  typedRows(table: string, gatewayId: string): Promise<Record<string, unknown>[]>;
  /** Runs one SQL statement with no parameters (to set up an unusual database). */
  exec(sql: string): Promise<void>;
  /** Closes every adapter it made and drops what it created. */
  dispose(): Promise<void>;
}

/** A database system the contract runs against. */
export interface AdapterContractTarget {
  freshDatabase(): Promise<ContractDatabase>;
  /** The longest table name the database takes (a longer one must be refused). Default 63. */
  readonly longestName?: number;
  /**
   * An adapter whose credentials are rejected, and the password in them, which must never
   * appear in an error. Omitted for embedded databases.
   */
  badCredentials?: () => { adapter: ContractAdapter; secret: string };
}
