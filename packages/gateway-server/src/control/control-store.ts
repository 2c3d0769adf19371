import type { SqlClient } from "@lakesync/adapter-postgres";
import {
  AdapterError,
  type ConnectorConfig,
  Err,
  type LakeSyncError,
  Ok,
  type Result,
  type SyncRules,
  type TableSchema,
} from "@lakesync/core";
import { connectorExistsError } from "@lakesync/gateway";
import type { ConnectorStateStore } from "../connectors/contract.js";
import type { SecretBox } from "../crypto/secret-box.js";

/**
 * The control state of every gateway, kept in the gateway's store through a SqlClient so a
 * restart finds it again: known gateway ids, connector configs (the whole validated config
 * encrypted with the SecretBox, so no secret is ever in clear), each connector's state
 * (cursors, diff snapshots), sync rules and table schemas.
 *
 * Schemas go to `lakesync_gateway_schemas`, not `lakesync_schemas`: that name belongs to the
 * postgres adapter's own registry of typed tables, in the same database.
 *
 * Tables are created when missing by `ControlStore.open`. A key check value is kept too, so
 * a server started with another encryption key fails at once with a clear error instead of
 * failing connector by connector.
 */

/** The DDL `ControlStore.open` runs, one statement each (PGlite runs one per query). */
export const CONTROL_DDL: readonly string[] = [
  `create table if not exists lakesync_gateways (
    gateway_id text primary key,
    seq bigint generated always as identity,
    created_at timestamptz not null default now()
  )`,
  `create table if not exists lakesync_connectors (
    gateway_id text not null,
    name text not null,
    type text not null,
    config_encrypted text not null,
    seq bigint generated always as identity,
    created_at timestamptz not null default now(),
    primary key (gateway_id, name)
  )`,
  `create table if not exists lakesync_connector_state (
    gateway_id text not null,
    connector text not null,
    key text not null,
    value bytea not null,
    updated_at timestamptz not null default now(),
    primary key (gateway_id, connector, key)
  )`,
  `create table if not exists lakesync_sync_rules (
    gateway_id text primary key,
    rules jsonb not null,
    updated_at timestamptz not null default now()
  )`,
  `create table if not exists lakesync_gateway_schemas (
    gateway_id text not null,
    table_name text not null,
    schema jsonb not null,
    updated_at timestamptz not null default now(),
    primary key (gateway_id, table_name)
  )`,
  `create table if not exists lakesync_control_meta (
    key text primary key,
    value text not null
  )`,
];

const KEY_CHECK = "key_check";
const KEY_CHECK_VALUE = "lakesync-control-store";

/** A stored connector as read back: its config, or why it could not be opened. */
export interface StoredConnector {
  readonly gatewayId: string;
  readonly name: string;
  readonly type: string;
  /** The decrypted config; an Err when it cannot be decrypted (wrong key, damaged row). */
  readonly config: Result<ConnectorConfig, LakeSyncError>;
}

/**
 * Reads and writes control state. Methods answer a Result; a failing query becomes an
 * ADAPTER_ERROR whose message names the operation (the driver's message holds no secret:
 * configs are encrypted before they reach SQL).
 * @example
 * const store = await ControlStore.open(client, secretBox);
 * await store.saveConnector("my-gw", config);
 */
export class ControlStore {
  readonly #client: SqlClient;
  readonly #box: SecretBox;

  private constructor(client: SqlClient, box: SecretBox) {
    this.#client = client;
    this.#box = box;
  }

  /**
   * Creates the tables when missing and checks the key against the one the store was first
   * written with. Throws on a failing database or a different key: both stop a server's start.
   */
  static async open(client: SqlClient, box: SecretBox): Promise<ControlStore> {
    for (const statement of CONTROL_DDL) await client.query(statement);
    const rows = await client.query<{ value: string }>(
      "select value from lakesync_control_meta where key = $1",
      [KEY_CHECK],
    );
    const stored = rows[0]?.value;
    if (stored === undefined) {
      const sealed = await box.encrypt(KEY_CHECK_VALUE, KEY_CHECK);
      await client.query(
        "insert into lakesync_control_meta (key, value) values ($1, $2) on conflict (key) do nothing",
        [KEY_CHECK, sealed],
      );
    } else {
      const opened = await box.decrypt(stored, KEY_CHECK);
      if (!opened.ok || opened.value !== KEY_CHECK_VALUE) {
        throw new Error(
          "The encryption key does not match the one this store was written with: start the server with the original LAKESYNC_ENCRYPTION_KEY (or the data dir's encryption.key)",
        );
      }
    }
    return new ControlStore(client, box);
  }

  /** Records a gateway id (idempotent). */
  addGateway(gatewayId: string): Promise<Result<void, AdapterError>> {
    return this.#run("record gateway", async () => {
      await this.#client.query(
        "insert into lakesync_gateways (gateway_id) values ($1) on conflict (gateway_id) do nothing",
        [gatewayId],
      );
    });
  }

  /** Every recorded gateway id, oldest first. */
  listGateways(): Promise<Result<string[], AdapterError>> {
    return this.#run("list gateways", async () => {
      const rows = await this.#client.query<{ gateway_id: string }>(
        "select gateway_id from lakesync_gateways order by seq",
      );
      return rows.map((r) => r.gateway_id);
    });
  }

  /**
   * Stores a connector's whole config, encrypted. Answers CONNECTOR_EXISTS (as an Err of
   * code CONNECTOR_EXISTS) when the name is taken on this gateway.
   */
  async saveConnector(
    gatewayId: string,
    config: ConnectorConfig,
  ): Promise<Result<void, LakeSyncError>> {
    const sealed = await this.#box.encrypt(config, connectorContext(gatewayId, config.name));
    const inserted = await this.#run("store connector", () =>
      this.#client.query<{ name: string }>(
        `insert into lakesync_connectors (gateway_id, name, type, config_encrypted)
         values ($1, $2, $3, $4) on conflict (gateway_id, name) do nothing returning name`,
        [gatewayId, config.name, config.type, sealed],
      ),
    );
    if (!inserted.ok) return inserted;
    if (inserted.value.length === 0) {
      return Err(connectorExistsError(config.name));
    }
    return Ok(undefined);
  }

  /** The stored connectors of a gateway, oldest first, each decrypted (or why not). */
  async listConnectors(gatewayId: string): Promise<Result<StoredConnector[], AdapterError>> {
    const rows = await this.#run("list connectors", () =>
      this.#client.query<{ name: string; type: string; config_encrypted: string }>(
        `select name, type, config_encrypted from lakesync_connectors
         where gateway_id = $1 order by seq`,
        [gatewayId],
      ),
    );
    if (!rows.ok) return rows;
    const out: StoredConnector[] = [];
    for (const row of rows.value) {
      const opened = await this.#box.decrypt(
        row.config_encrypted,
        connectorContext(gatewayId, row.name),
      );
      const config: Result<ConnectorConfig, LakeSyncError> = opened.ok
        ? Ok(opened.value as ConnectorConfig)
        : opened;
      out.push({ gatewayId, name: row.name, type: row.type, config });
    }
    return Ok(out);
  }

  /** Removes a connector's config and all its state; answers whether a config was there. */
  deleteConnector(gatewayId: string, name: string): Promise<Result<boolean, AdapterError>> {
    return this.#run("delete connector", () =>
      this.#client.transaction(async (tx) => {
        await tx.query(
          "delete from lakesync_connector_state where gateway_id = $1 and connector = $2",
          [gatewayId, name],
        );
        const deleted = await tx.query<{ name: string }>(
          "delete from lakesync_connectors where gateway_id = $1 and name = $2 returning name",
          [gatewayId, name],
        );
        return deleted.length > 0;
      }),
    );
  }

  /** Removes every state value of a connector (its config stays). */
  clearState(gatewayId: string, connector: string): Promise<Result<void, AdapterError>> {
    return this.#run("clear connector state", async () => {
      await this.#client.query(
        "delete from lakesync_connector_state where gateway_id = $1 and connector = $2",
        [gatewayId, connector],
      );
    });
  }

  /** One state value of a connector, or null. */
  loadState(
    gatewayId: string,
    connector: string,
    key: string,
  ): Promise<Result<Uint8Array | null, AdapterError>> {
    return this.#run("load connector state", async () => {
      const rows = await this.#client.query<{ value: unknown }>(
        "select value from lakesync_connector_state where gateway_id = $1 and connector = $2 and key = $3",
        [gatewayId, connector, key],
      );
      const row = rows[0];
      return row === undefined ? null : toBytes(row.value);
    });
  }

  /** Writes one state value of a connector (insert or replace). */
  saveState(
    gatewayId: string,
    connector: string,
    key: string,
    value: Uint8Array,
  ): Promise<Result<void, AdapterError>> {
    return this.#run("save connector state", async () => {
      await this.#client.query(
        `insert into lakesync_connector_state (gateway_id, connector, key, value, updated_at)
         values ($1, $2, $3, $4, now())
         on conflict (gateway_id, connector, key)
         do update set value = excluded.value, updated_at = excluded.updated_at`,
        [gatewayId, connector, key, value],
      );
    });
  }

  /** Removes one state value of a connector. */
  deleteState(
    gatewayId: string,
    connector: string,
    key: string,
  ): Promise<Result<void, AdapterError>> {
    return this.#run("delete connector state", async () => {
      await this.#client.query(
        "delete from lakesync_connector_state where gateway_id = $1 and connector = $2 and key = $3",
        [gatewayId, connector, key],
      );
    });
  }

  /**
   * A connector's state as the `ConnectorStateStore` its runtime gets. Its methods throw an
   * AdapterError when the store fails, which a poll reports like any other failure.
   */
  stateStore(gatewayId: string, connector: string): ConnectorStateStore {
    const unwrap = <T>(result: Result<T, AdapterError>): T => {
      if (!result.ok) throw result.error;
      return result.value;
    };
    return {
      load: async (key) => unwrap(await this.loadState(gatewayId, connector, key)),
      save: async (key, value) => unwrap(await this.saveState(gatewayId, connector, key, value)),
      delete: async (key) => unwrap(await this.deleteState(gatewayId, connector, key)),
    };
  }

  /** Stores a gateway's sync rules, replacing the previous ones. */
  saveSyncRules(gatewayId: string, rules: SyncRules): Promise<Result<void, AdapterError>> {
    return this.#run("save sync rules", async () => {
      await this.#client.query(
        `insert into lakesync_sync_rules (gateway_id, rules, updated_at) values ($1, $2::text::jsonb, now())
         on conflict (gateway_id) do update set rules = excluded.rules, updated_at = excluded.updated_at`,
        [gatewayId, JSON.stringify(rules)],
      );
    });
  }

  /** A gateway's sync rules, or null when none were set. */
  loadSyncRules(gatewayId: string): Promise<Result<SyncRules | null, AdapterError>> {
    return this.#run("load sync rules", async () => {
      const rows = await this.#client.query<{ rules: string }>(
        "select rules::text as rules from lakesync_sync_rules where gateway_id = $1",
        [gatewayId],
      );
      const row = rows[0];
      return row === undefined ? null : (JSON.parse(row.rules) as SyncRules);
    });
  }

  /** Stores a table schema of a gateway, replacing the previous one of that table. */
  saveSchema(gatewayId: string, schema: TableSchema): Promise<Result<void, AdapterError>> {
    return this.#run("save schema", async () => {
      await this.#client.query(
        `insert into lakesync_gateway_schemas (gateway_id, table_name, schema, updated_at)
         values ($1, $2, $3::text::jsonb, now())
         on conflict (gateway_id, table_name)
         do update set schema = excluded.schema, updated_at = excluded.updated_at`,
        [gatewayId, schema.table, JSON.stringify(schema)],
      );
    });
  }

  /** A gateway's table schemas, by table name. */
  listSchemas(gatewayId: string): Promise<Result<TableSchema[], AdapterError>> {
    return this.#run("list schemas", async () => {
      const rows = await this.#client.query<{ schema: string }>(
        "select schema::text as schema from lakesync_gateway_schemas where gateway_id = $1 order by table_name",
        [gatewayId],
      );
      return rows.map((r) => JSON.parse(r.schema) as TableSchema);
    });
  }

  async #run<T>(what: string, fn: () => Promise<T>): Promise<Result<T, AdapterError>> {
    try {
      return Ok(await fn());
    } catch (cause) {
      if (cause instanceof AdapterError) return Err(cause);
      const reason = cause instanceof Error ? cause.message : String(cause);
      return Err(new AdapterError(`Control store could not ${what}: ${reason}`, { cause }));
    }
  }
}

/** The context a connector's config is sealed with: it opens only in its own row. */
function connectorContext(gatewayId: string, name: string): string {
  return `lakesync_connectors:${JSON.stringify([gatewayId, name])}`;
}

/** bytea comes back as a Buffer (postgres.js), a Uint8Array (PGlite) or `\x` hex text. */
function toBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return Uint8Array.from(value);
  if (typeof value === "string" && value.startsWith("\\x")) {
    return Uint8Array.from(Buffer.from(value.slice(2), "hex"));
  }
  throw new AdapterError("Control store read a state value that is not bytes");
}
