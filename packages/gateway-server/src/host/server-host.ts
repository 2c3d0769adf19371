import { PostgresAdapter, type SqlClient } from "@lakesync/adapter-postgres";
import {
  type Clock,
  type ConnectorConfig,
  type LakeSyncError,
  Ok,
  type Result,
  type SyncRules,
  systemClock,
  type TableSchema,
} from "@lakesync/core";
import {
  type ConnectorStatus,
  type GatewayHost,
  type HostedGatewayOptions,
  type RegisterOutcome,
  SyncGateway,
} from "@lakesync/gateway";
import type { BackoffSettings, LogFn } from "../connectors/connector-manager.js";
import { ConnectorManager } from "../connectors/connector-manager.js";
import type { UrlGuard } from "../connectors/contract.js";
import type { ConnectorFactories } from "../connectors/factories.js";
import { createGuardedFetch, type HostLookup, systemLookup } from "../connectors/guarded-fetch.js";
import { ControlStore } from "../control/control-store.js";
import type { SecretBox } from "../crypto/secret-box.js";
import { BackgroundFlusher, DEFAULT_FLUSH_INTERVAL_MS } from "./background-flush.js";

export interface ServerHostOptions {
  /** The gateway's store: control state and every gateway's delta log. Closed by `shutdown`. */
  readonly client: SqlClient;
  /** Encrypts connector configs at rest. */
  readonly secretBox: SecretBox;
  /** The runtimes this server can build, by connector type. */
  readonly factories: ConnectorFactories;
  /** The outbound URL policy of API connectors. */
  readonly urlGuard: UrlGuard;
  /** The fetch behind the guarded fetch runtimes get. Default `globalThis.fetch`. */
  readonly fetch?: typeof fetch | undefined;
  /**
   * Resolves host names so the guarded fetch can refuse names that point at non-public
   * addresses (each address goes through `urlGuard`, so allowing private URLs allows them).
   * Default `systemLookup`; `null` checks URLs only.
   */
  readonly lookup?: HostLookup | null | undefined;
  /** Timers of pollers, retries and the background flush. Default `systemClock`. */
  readonly clock?: Clock | undefined;
  readonly log: LogFn;
  /** Options of each gateway (buffer budget, drift...), or a function of its id. */
  readonly gatewayOptions?:
    | HostedGatewayOptions
    | ((gatewayId: string) => HostedGatewayOptions)
    | undefined;
  /** Background flush period; 0 flushes only when `shouldFlush()` turns true. Default 5 s. */
  readonly flushIntervalMs?: number | undefined;
  /** Spacing of retries after failed polls. */
  readonly backoff?: BackoffSettings | undefined;
}

/** The server's GatewayHost, plus what a process needs at boot and exit. */
export interface ServerHost extends GatewayHost {
  /**
   * Creates the control tables when missing, then brings back every known gateway: sync
   * rules, schemas, server clock, and each stored connector rebuilt through its factory.
   * Rejects (stop the boot) when the store is unreachable or the encryption key is not the
   * one the store was written with.
   */
  restore(): Promise<void>;
  /** Stops every poller, flushes every gateway a last time, closes runtimes and the store. */
  shutdown(): Promise<void>;
}

interface Hosted {
  readonly gateway: SyncGateway;
  readonly manager: ConnectorManager;
  readonly flusher: BackgroundFlusher;
  readonly unsubscribe: () => void;
}

/**
 * The self-hosted GatewayHost: one SyncGateway per gateway id, created on first use, whose
 * store is a PostgresAdapter on the shared SqlClient (PGlite by default, or PostgreSQL),
 * resumed from the last flushed position; connectors run by a ConnectorManager per gateway;
 * sync rules, schemas and connectors persisted in the ControlStore; a background flush per
 * gateway (every `flushIntervalMs`, and at once when `shouldFlush()` turns true after a push).
 * @example
 * const host = createServerHost({ client, secretBox, factories, urlGuard, log });
 * await host.restore();
 * const app = createGatewayApp({ host, ... });
 * process.on("SIGTERM", () => host.shutdown());
 */
export function createServerHost(options: ServerHostOptions): ServerHost {
  return new ServerGatewayHost(options);
}

class ServerGatewayHost implements ServerHost {
  readonly #options: ServerHostOptions;
  readonly #clock: Clock;
  readonly #fetch: typeof fetch;
  readonly #gateways = new Map<string, Promise<Hosted>>();
  #store: Promise<ControlStore> | null = null;
  #shutdown: Promise<void> | null = null;

  constructor(options: ServerHostOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    const lookup = options.lookup === null ? undefined : (options.lookup ?? systemLookup);
    this.#fetch = createGuardedFetch({
      urlGuard: options.urlGuard,
      fetch: options.fetch,
      lookup,
    });
  }

  async restore(): Promise<void> {
    const store = await this.#controlStore();
    const ids = await store.listGateways();
    if (!ids.ok) throw ids.error;
    await Promise.all(ids.value.map((id) => this.#hosted(id)));
    this.#options.log("info", "gateways restored", { gateways: ids.value.length });
  }

  async gateway(gatewayId: string): Promise<SyncGateway> {
    return (await this.#hosted(gatewayId)).gateway;
  }

  async setSyncRules(gatewayId: string, rules: SyncRules): Promise<Result<void, LakeSyncError>> {
    const { gateway } = await this.#hosted(gatewayId);
    const saved = await (await this.#controlStore()).saveSyncRules(gatewayId, rules);
    if (!saved.ok) return saved;
    gateway.setSyncRules(rules);
    return Ok(undefined);
  }

  async registerSchema(
    gatewayId: string,
    schema: TableSchema,
  ): Promise<Result<void, LakeSyncError>> {
    const { gateway } = await this.#hosted(gatewayId);
    const applied = await gateway.registerSchema(schema);
    if (!applied.ok) return applied;
    return (await this.#controlStore()).saveSchema(gatewayId, schema);
  }

  async registerConnector(
    gatewayId: string,
    config: ConnectorConfig,
  ): Promise<Result<RegisterOutcome, LakeSyncError>> {
    return (await this.#hosted(gatewayId)).manager.register(config);
  }

  async listConnectors(gatewayId: string): Promise<ConnectorStatus[]> {
    return (await this.#hosted(gatewayId)).manager.list();
  }

  async unregisterConnector(gatewayId: string, name: string): Promise<Result<void, LakeSyncError>> {
    return (await this.#hosted(gatewayId)).manager.unregister(name);
  }

  shutdown(): Promise<void> {
    if (!this.#shutdown) this.#shutdown = this.#shutdownOnce();
    return this.#shutdown;
  }

  async #shutdownOnce(): Promise<void> {
    const { log } = this.#options;
    const settled = await Promise.allSettled([...this.#gateways.values()]);
    const hosted = settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
    // Pollers first, so nothing pushes during the final flush.
    await Promise.all(hosted.map((h) => h.manager.stopAll()));
    for (const h of hosted) {
      h.unsubscribe();
      await h.flusher.stop();
      const flushed = await h.gateway.flush();
      if (!flushed.ok) {
        log("error", "final flush failed: buffered deltas are lost", {
          gatewayId: h.gateway.gatewayId,
          buffered: h.gateway.bufferStats.logSize,
          error: flushed.error.message,
        });
      }
    }
    await this.#options.client.close();
    log("info", "gateway host shut down", { gateways: hosted.length });
  }

  #controlStore(): Promise<ControlStore> {
    if (!this.#store) {
      const opening = ControlStore.open(this.#options.client, this.#options.secretBox);
      // A failed open (database down) is retried by the next call.
      opening.catch(() => {
        if (this.#store === opening) this.#store = null;
      });
      this.#store = opening;
    }
    return this.#store;
  }

  #hosted(gatewayId: string): Promise<Hosted> {
    if (this.#shutdown) return Promise.reject(new Error("The gateway host is shut down"));
    let hosted = this.#gateways.get(gatewayId);
    if (!hosted) {
      const opening = this.#open(gatewayId);
      opening.catch(() => {
        if (this.#gateways.get(gatewayId) === opening) this.#gateways.delete(gatewayId);
      });
      hosted = opening;
      this.#gateways.set(gatewayId, hosted);
    }
    return hosted;
  }

  /** Creates a gateway and brings back its rules, schemas and connectors. */
  async #open(gatewayId: string): Promise<Hosted> {
    const { client, log } = this.#options;
    const store = await this.#controlStore();
    const added = await store.addGateway(gatewayId);
    if (!added.ok) throw added.error;

    const adapter = new PostgresAdapter({ client: borrowed(client), gatewayId });
    const last = await adapter.lastPosition();
    if (!last.ok) throw last.error;
    const given = this.#options.gatewayOptions;
    const gatewayOptions = typeof given === "function" ? given(gatewayId) : (given ?? {});
    const gateway = new SyncGateway({ ...gatewayOptions, gatewayId, store: adapter });
    gateway.resumeFrom(last.value);

    const rules = await store.loadSyncRules(gatewayId);
    if (!rules.ok) throw rules.error;
    if (rules.value) gateway.setSyncRules(rules.value);
    const schemas = await store.listSchemas(gatewayId);
    if (!schemas.ok) throw schemas.error;
    for (const schema of schemas.value) {
      const applied = await gateway.registerSchema(schema);
      if (!applied.ok) {
        log("error", "stored schema could not be applied", {
          gatewayId,
          table: schema.table,
          error: applied.error.message,
        });
      }
    }

    const manager = new ConnectorManager({
      gatewayId,
      gateway,
      store,
      factories: this.#options.factories,
      urlGuard: this.#options.urlGuard,
      fetch: this.#fetch,
      clock: this.#clock,
      log,
      backoff: this.#options.backoff,
    });
    const flusher = new BackgroundFlusher({
      gateway,
      intervalMs: this.#options.flushIntervalMs ?? DEFAULT_FLUSH_INTERVAL_MS,
      clock: this.#clock,
      log,
    });
    const unsubscribe = gateway.onAccepted(() => {
      if (gateway.shouldFlush()) flusher.flushSoon();
    });
    flusher.start();

    const stored = await store.listConnectors(gatewayId);
    if (stored.ok) {
      await manager.restore(stored.value);
    } else {
      log("error", "stored connectors could not be read", {
        gatewayId,
        error: stored.error.message,
      });
    }
    return { gateway, manager, flusher, unsubscribe };
  }
}

/** The shared client, lent to one gateway's adapter: its `close()` leaves the client open. */
function borrowed(client: SqlClient): SqlClient {
  return {
    query: (text, params) => client.query(text, params),
    transaction: (fn) => client.transaction(fn),
    close: async () => {},
  };
}
