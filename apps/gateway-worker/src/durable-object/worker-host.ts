import {
  type ConnectorConfig,
  Err,
  getConnectorDescriptor,
  type LakeSyncError,
  Ok,
  type Result,
  type SyncRules,
  type TableSchema,
} from "@lakesync/core";
import {
  type ConnectorStatus,
  connectorExistsError,
  connectorNotFoundError,
  type GatewayHost,
  type HostedGatewayOptions,
  idleConnectorStatus,
  type RegisterOutcome,
  SyncGateway,
} from "@lakesync/gateway";
import type { SecretBox } from "../crypto/secret-box.js";
import { ControlStore } from "./control-store.js";
import { DurableObjectDeltaStore } from "./delta-store.js";

/** Warning for a database connector: the worker keeps its config and nothing else. */
export const CONFIG_ONLY_WARNING =
  "The Cloudflare Worker stores this connector's config only: it opens no database connection, so ?source= pulls are not served. Run @lakesync/gateway-server to use it.";
/** Warning for a connector that needs a poller (API connectors, any ingest). */
export const NO_POLLER_WARNING =
  "The Cloudflare Worker cannot run this connector: it runs no pollers (no long-running processes), so no data will come from it. Run @lakesync/gateway-server for API connectors and ingest.";

export interface DurableObjectGatewayHostOptions {
  readonly storage: DurableObjectStorage;
  /** The box that seals configs; an Err (no key bound) refuses the register with it. */
  readonly secretBox: () => Promise<Result<SecretBox, LakeSyncError>>;
  readonly gatewayOptions?: HostedGatewayOptions;
  /** Called once with the gateway when it is opened (the object subscribes its broadcast). */
  readonly onOpen?: (gateway: SyncGateway) => void;
}

/**
 * The GatewayHost of one Durable Object, i.e. of one gateway: its SyncGateway flushes into the
 * object's SQLite storage and is resumed from it (server clock, sync rules, schemas) when the
 * object starts again after an eviction; connectors are stored as sealed configs only. No
 * connector runs here: each reports `isPolling: false`, state `idle` and why in `warnings`.
 * @example
 * const host = new DurableObjectGatewayHost({ storage: ctx.storage, secretBox });
 * const app = createGatewayApp({ host, auth });
 */
export class DurableObjectGatewayHost implements GatewayHost {
  readonly #options: DurableObjectGatewayHostOptions;
  readonly #control: ControlStore;
  #opened: { readonly gateway: SyncGateway; readonly store: DurableObjectDeltaStore } | undefined;

  constructor(options: DurableObjectGatewayHostOptions) {
    this.#options = options;
    this.#control = new ControlStore(options.storage);
  }

  /** The gateway if it was opened since the object started. */
  get current(): SyncGateway | undefined {
    return this.#opened?.gateway;
  }

  /** The store of the gateway's delta log (opening it). */
  deltaStore(gatewayId: string): DurableObjectDeltaStore {
    return this.#open(gatewayId).store;
  }

  async gateway(gatewayId: string): Promise<SyncGateway> {
    return this.#open(gatewayId).gateway;
  }

  async setSyncRules(gatewayId: string, rules: SyncRules): Promise<Result<void, LakeSyncError>> {
    const { gateway } = this.#open(gatewayId);
    this.#control.saveSyncRules(rules);
    gateway.setSyncRules(rules);
    return Ok(undefined);
  }

  async registerSchema(
    gatewayId: string,
    schema: TableSchema,
  ): Promise<Result<void, LakeSyncError>> {
    // The store keeps the schema: it is applied again when the gateway is reopened.
    return this.#open(gatewayId).gateway.registerSchema(schema);
  }

  async registerConnector(
    gatewayId: string,
    config: ConnectorConfig,
  ): Promise<Result<RegisterOutcome, LakeSyncError>> {
    this.#open(gatewayId);
    if (this.#control.hasConnector(config.name)) return Err(connectorExistsError(config.name));
    const box = await this.#options.secretBox();
    if (!box.ok) return Err(box.error);
    const configEncrypted = await box.value.encrypt(config, sealContext(gatewayId, config.name));
    const warnings = warningsFor(config);
    const added = this.#control.addConnector({
      name: config.name,
      type: config.type,
      hasIngest: config.ingest !== undefined,
      configEncrypted,
      warnings,
    });
    if (!added) return Err(connectorExistsError(config.name));
    return Ok({ warnings });
  }

  async listConnectors(gatewayId: string): Promise<ConnectorStatus[]> {
    this.#open(gatewayId);
    return this.#control.listConnectors().map(idleConnectorStatus);
  }

  async unregisterConnector(gatewayId: string, name: string): Promise<Result<void, LakeSyncError>> {
    this.#open(gatewayId);
    if (!this.#control.removeConnector(name)) {
      return Err(connectorNotFoundError(name));
    }
    return Ok(undefined);
  }

  /** The stored config of a connector, decrypted (for operators and tests; never listed). */
  async connectorConfig(
    gatewayId: string,
    name: string,
  ): Promise<Result<unknown, LakeSyncError> | undefined> {
    const sealed = this.#control.sealedConfig(name);
    if (sealed === undefined) return undefined;
    const box = await this.#options.secretBox();
    if (!box.ok) return Err(box.error);
    return box.value.decrypt(sealed, sealContext(gatewayId, name));
  }

  #open(gatewayId: string): { gateway: SyncGateway; store: DurableObjectDeltaStore } {
    if (this.#opened) {
      if (this.#opened.gateway.gatewayId !== gatewayId) {
        // Objects are named by gateway id (idFromName), so this is a routing bug.
        throw new Error(`This Durable Object holds gateway ${this.#opened.gateway.gatewayId}`);
      }
      return this.#opened;
    }
    const known = this.#control.gatewayId();
    if (known !== undefined && known !== gatewayId) {
      throw new Error(`This Durable Object holds gateway ${known}`);
    }
    if (known === undefined) this.#control.saveGatewayId(gatewayId);
    const store = new DurableObjectDeltaStore(this.#options.storage);
    const gateway = new SyncGateway({ ...this.#options.gatewayOptions, gatewayId, store });
    gateway.resumeFrom(store.lastPosition());
    const rules = this.#control.syncRules();
    if (rules) gateway.setSyncRules(rules);
    for (const schema of store.schemas()) void gateway.registerSchema(schema);
    this.#opened = { gateway, store };
    this.#options.onOpen?.(gateway);
    return this.#opened;
  }
}

/** The additional data a config is sealed with: it opens only as this gateway's connector. */
function sealContext(gatewayId: string, name: string): string {
  return `lakesync-connector:${gatewayId}:${name}`;
}

function warningsFor(config: ConnectorConfig): string[] {
  const category = getConnectorDescriptor(config.type)?.category;
  const warnings: string[] = [];
  if (category === "database") warnings.push(CONFIG_ONLY_WARNING);
  if (category === "api" || config.ingest !== undefined) warnings.push(NO_POLLER_WARNING);
  return warnings;
}
