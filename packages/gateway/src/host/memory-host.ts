import {
  type ConnectorConfig,
  type DatabaseAdapter,
  Err,
  getConnectorDescriptor,
  type LakeSyncError,
  Ok,
  type Result,
  type SyncRules,
  type TableSchema,
} from "@lakesync/core";
import { MemoryStore } from "../engine/memory-store.js";
import { SyncGateway, type SyncGatewayOptions } from "../engine/sync-gateway.js";
import {
  connectorExistsError,
  connectorNotFoundError,
  idleConnectorStatus,
} from "./connector-status.js";
import type { ConnectorStatus, GatewayHost, RegisterOutcome } from "./types.js";

/** Options of each gateway the host creates, except its id. */
export type HostedGatewayOptions = Omit<SyncGatewayOptions, "gatewayId">;

/** What `MemoryGatewayHost` is built from; everything is optional. */
export interface MemoryGatewayHostOptions {
  /**
   * Options for each new gateway, or a function of its id. Without a `store`, each gateway
   * gets its own `MemoryStore`.
   */
  readonly gatewayOptions?: HostedGatewayOptions | ((gatewayId: string) => HostedGatewayOptions);
  /**
   * Opens the live source of a database connector (registered as a named source, closed on
   * unregister). Without it, or when it returns undefined, no source is opened and
   * `?source=` pulls answer SOURCE_NOT_FOUND.
   */
  readonly openSource?: (
    config: ConnectorConfig,
    gatewayId: string,
  ) => DatabaseAdapter | undefined | Promise<DatabaseAdapter | undefined>;
}

/** Warning for a connector whose poller this host does not run. */
export const NO_POLLER_WARNING =
  "This host does not run pollers: the connector's config is stored, but nothing polls it.";
/** Warning for a database connector this host opened no connection for. */
export const NO_SOURCE_WARNING =
  "This host opens no database connection: the config is stored, but ?source= pulls are not served.";

interface Connector {
  readonly config: ConnectorConfig;
  source: DatabaseAdapter | undefined;
  warnings: readonly string[];
}

/**
 * A GatewayHost that keeps everything in memory: one SyncGateway per id, created on first use,
 * and connectors as validated configs. It runs no poller (API connectors and ingest configs
 * report `isPolling: false`, state `idle` and a warning); database connectors get a live source
 * only through `openSource`. For tests and as the model of the worker's host.
 * @example
 * const host = new MemoryGatewayHost();
 * const app = createGatewayApp({ host, auth });
 */
export class MemoryGatewayHost implements GatewayHost {
  readonly #options: MemoryGatewayHostOptions;
  readonly #gateways = new Map<string, SyncGateway>();
  readonly #connectors = new Map<string, Map<string, Connector>>();

  constructor(options: MemoryGatewayHostOptions = {}) {
    this.#options = options;
  }

  async gateway(gatewayId: string): Promise<SyncGateway> {
    return this.#gateway(gatewayId);
  }

  async setSyncRules(gatewayId: string, rules: SyncRules): Promise<Result<void, LakeSyncError>> {
    this.#gateway(gatewayId).setSyncRules(rules);
    return Ok(undefined);
  }

  async registerSchema(
    gatewayId: string,
    schema: TableSchema,
  ): Promise<Result<void, LakeSyncError>> {
    return this.#gateway(gatewayId).registerSchema(schema);
  }

  async registerConnector(
    gatewayId: string,
    config: ConnectorConfig,
  ): Promise<Result<RegisterOutcome, LakeSyncError>> {
    const connectors = this.#connectorsOf(gatewayId);
    if (connectors.has(config.name)) {
      return Err(connectorExistsError(config.name));
    }
    // Reserve the name before any await, so a concurrent register sees it.
    const entry: Connector = { config, source: undefined, warnings: [] };
    connectors.set(config.name, entry);
    try {
      const opened = await this.#openSource(gatewayId, config);
      if (!opened.ok) {
        connectors.delete(config.name);
        return Err(opened.error);
      }
      entry.source = opened.value;
    } catch (error) {
      connectors.delete(config.name);
      throw error;
    }
    entry.warnings = warningsFor(config, entry.source !== undefined);
    return Ok(entry.warnings.length > 0 ? { warnings: entry.warnings } : {});
  }

  async listConnectors(gatewayId: string): Promise<ConnectorStatus[]> {
    const connectors = this.#connectors.get(gatewayId);
    return [...(connectors?.values() ?? [])].map(statusOf);
  }

  async unregisterConnector(gatewayId: string, name: string): Promise<Result<void, LakeSyncError>> {
    const connectors = this.#connectors.get(gatewayId);
    const entry = connectors?.get(name);
    if (!connectors || !entry) {
      return Err(connectorNotFoundError(name));
    }
    connectors.delete(name);
    if (entry.source) {
      this.#gateways.get(gatewayId)?.unregisterSource(name);
      await entry.source.close();
    }
    return Ok(undefined);
  }

  /** Closes every open source. The host keeps its gateways and configs. */
  async close(): Promise<void> {
    const sources: DatabaseAdapter[] = [];
    for (const [gatewayId, connectors] of this.#connectors) {
      for (const [name, entry] of connectors) {
        if (!entry.source) continue;
        this.#gateways.get(gatewayId)?.unregisterSource(name);
        sources.push(entry.source);
        entry.source = undefined;
      }
    }
    await Promise.all(sources.map((s) => s.close()));
  }

  async #openSource(
    gatewayId: string,
    config: ConnectorConfig,
  ): Promise<Result<DatabaseAdapter | undefined, LakeSyncError>> {
    const open = this.#options.openSource;
    if (!open || getConnectorDescriptor(config.type)?.category !== "database") return Ok(undefined);
    const source = await open(config, gatewayId);
    if (!source) return Ok(undefined);
    const added = this.#gateway(gatewayId).registerSource(config.name, source);
    if (!added.ok) {
      await source.close();
      return Err(added.error);
    }
    return Ok(source);
  }

  #gateway(gatewayId: string): SyncGateway {
    let gateway = this.#gateways.get(gatewayId);
    if (!gateway) {
      const given = this.#options.gatewayOptions;
      const options = typeof given === "function" ? given(gatewayId) : (given ?? {});
      gateway = new SyncGateway({ store: new MemoryStore(), ...options, gatewayId });
      this.#gateways.set(gatewayId, gateway);
    }
    return gateway;
  }

  #connectorsOf(gatewayId: string): Map<string, Connector> {
    let connectors = this.#connectors.get(gatewayId);
    if (!connectors) {
      connectors = new Map();
      this.#connectors.set(gatewayId, connectors);
    }
    return connectors;
  }
}

function warningsFor(config: ConnectorConfig, hasSource: boolean): string[] {
  const warnings: string[] = [];
  const category = getConnectorDescriptor(config.type)?.category;
  if (category === "database" && !hasSource) warnings.push(NO_SOURCE_WARNING);
  if (category === "api" || config.ingest !== undefined) warnings.push(NO_POLLER_WARNING);
  return warnings;
}

/** Built from the name and type only: a status never holds a secret. */
function statusOf({ config, warnings }: Connector): ConnectorStatus {
  const { name, type } = config;
  return idleConnectorStatus({ name, type, hasIngest: config.ingest !== undefined, warnings });
}
