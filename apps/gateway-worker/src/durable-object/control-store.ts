import type { SyncRules } from "@lakesync/core";

const DDL = [
  `create table if not exists lakesync_meta (
    key text primary key,
    value text not null
  )`,
  `create table if not exists lakesync_connectors (
    seq integer primary key autoincrement,
    name text not null unique,
    type text not null,
    has_ingest integer not null,
    config_encrypted text not null,
    warnings text not null
  )`,
];

/** A stored connector, as the list needs it: never its config. */
export interface StoredConnector {
  readonly name: string;
  readonly type: string;
  readonly hasIngest: boolean;
  readonly warnings: readonly string[];
}

/** What is stored of a new connector: its config only sealed. */
export interface NewConnector extends StoredConnector {
  readonly configEncrypted: string;
}

/**
 * A gateway's control state in its Durable Object's SQLite storage: its id, its sync rules
 * and its connectors (configs sealed by the caller). Survives evictions and restarts.
 * @example
 * const control = new ControlStore(ctx.storage);
 * control.saveSyncRules(rules);
 */
export class ControlStore {
  readonly #sql: SqlStorage;

  constructor(storage: DurableObjectStorage) {
    this.#sql = storage.sql;
    for (const statement of DDL) this.#sql.exec(statement);
  }

  gatewayId(): string | undefined {
    return this.#meta("gateway_id");
  }

  saveGatewayId(gatewayId: string): void {
    this.#setMeta("gateway_id", gatewayId);
  }

  syncRules(): SyncRules | null {
    const text = this.#meta("sync_rules");
    return text === undefined ? null : (JSON.parse(text) as SyncRules);
  }

  saveSyncRules(rules: SyncRules): void {
    this.#setMeta("sync_rules", JSON.stringify(rules));
  }

  hasConnector(name: string): boolean {
    return (
      this.#sql.exec("select 1 from lakesync_connectors where name = ?", name).toArray().length > 0
    );
  }

  /** Inserts a connector; false when its name is taken. */
  addConnector(connector: NewConnector): boolean {
    const cursor = this.#sql.exec(
      `insert or ignore into lakesync_connectors (name, type, has_ingest, config_encrypted, warnings)
        values (?, ?, ?, ?, ?)`,
      connector.name,
      connector.type,
      connector.hasIngest ? 1 : 0,
      connector.configEncrypted,
      JSON.stringify(connector.warnings),
    );
    return cursor.rowsWritten > 0;
  }

  /** Every connector in registration order, without configs. */
  listConnectors(): StoredConnector[] {
    return this.#sql
      .exec<{ name: string; type: string; has_ingest: number; warnings: string }>(
        "select name, type, has_ingest, warnings from lakesync_connectors order by seq",
      )
      .toArray()
      .map((row) => ({
        name: row.name,
        type: row.type,
        hasIngest: row.has_ingest === 1,
        warnings: JSON.parse(row.warnings) as string[],
      }));
  }

  /** The sealed config of a connector, or undefined. */
  sealedConfig(name: string): string | undefined {
    return this.#sql
      .exec<{ config_encrypted: string }>(
        "select config_encrypted from lakesync_connectors where name = ?",
        name,
      )
      .toArray()[0]?.config_encrypted;
  }

  /** Deletes a connector; false when there was none. */
  removeConnector(name: string): boolean {
    return this.#sql.exec("delete from lakesync_connectors where name = ?", name).rowsWritten > 0;
  }

  #meta(key: string): string | undefined {
    return this.#sql
      .exec<{ value: string }>("select value from lakesync_meta where key = ?", key)
      .toArray()[0]?.value;
  }

  #setMeta(key: string, value: string): void {
    this.#sql.exec(
      `insert into lakesync_meta (key, value) values (?, ?)
        on conflict (key) do update set value = excluded.value`,
      key,
      value,
    );
  }
}
