import {
  backoffDelay,
  type Clock,
  type ConnectorConfig,
  connectorIngestDefaults,
  createPollScheduler,
  DEFAULT_BACKOFF_CAP_MS,
  Err,
  LakeSyncError,
  Ok,
  type PollOutcome,
  type PollScheduler,
  type Result,
  systemClock,
  ValidationError,
  validateConnectorConfig,
} from "@lakesync/core";
import {
  type ConnectorStatus,
  connectorExistsError,
  connectorNotFoundError,
  type RegisterOutcome,
  type SyncGateway,
} from "@lakesync/gateway";
import type { ControlStore, StoredConnector } from "../control/control-store.js";
import type {
  ConnectorContext,
  ConnectorFactory,
  ConnectorRuntime,
  ConnectorStateStore,
  PollError,
  PollReport,
  UrlGuard,
} from "./contract.js";
import type { ConnectorFactories } from "./factories.js";
import { createGuardedFetch } from "./guarded-fetch.js";
import { ConnectorLifecycle } from "./lifecycle.js";
import { scrubFields, scrubSecrets, secretStrings } from "./secret-scrub.js";
import { hasSource, unconnectedSource } from "./unconnected-source.js";

/** A structured log call: never given a config or a secret (connector logs are scrubbed). */
export type LogFn = (
  level: "debug" | "info" | "warn" | "error",
  msg: string,
  fields?: object,
) => void;

/** How failed polls (and failed builds on restore) are spaced. */
export interface BackoffSettings {
  /** The first retry waits between half of this and this. Default 1000 ms. */
  readonly baseMs?: number | undefined;
  /** The longest wait. Default 300 000 ms (5 minutes). */
  readonly capMs?: number | undefined;
  /** Jitter source in [0, 1); default Math.random. */
  readonly random?: (() => number) | undefined;
}

export interface ConnectorManagerOptions {
  readonly gatewayId: string;
  /** Where sources are registered and pollers push. */
  readonly gateway: SyncGateway;
  /** Where configs and connector state are kept. */
  readonly store: ControlStore;
  readonly factories: ConnectorFactories;
  readonly urlGuard: UrlGuard;
  /** The fetch runtimes get. Default: the global fetch behind `createGuardedFetch(urlGuard)`. */
  readonly fetch?: typeof fetch | undefined;
  /** Timers of pollers and retries, and the time of `lastPollAt`. Default `systemClock`. */
  readonly clock?: Clock | undefined;
  readonly log?: LogFn | undefined;
  readonly backoff?: BackoffSettings | undefined;
}

/** The lastError of a connector whose type has no factory on this server. */
export function noRuntimeMessage(type: string): string {
  return `no runtime for type ${type} on this server`;
}

/** How long a restore waits for its connectors' builds before it lets the server go on. */
const RESTORE_WAIT_MS = 2000;

/** Factory errors worth retrying on restore: the source may simply be down for now. */
const RETRYABLE_BUILD_CODES = new Set<string>([
  "ADAPTER_ERROR",
  "UPSTREAM_ERROR",
  "RATE_LIMITED",
  "BACKPRESSURE",
  "FLUSH_ERROR",
]);

interface Entry {
  readonly name: string;
  readonly type: string;
  /** The validated config; null when the stored one could not be read back. */
  readonly config: ConnectorConfig | null;
  readonly hasIngest: boolean;
  readonly life: ConnectorLifecycle;
  /** The config's secret strings, for scrubbing messages. */
  readonly secrets: readonly string[];
  /** Aborted on unregister and shutdown: polls and pending builds see it. */
  readonly abort: AbortController;
  runtime: ConnectorRuntime | null;
  scheduler: PollScheduler | null;
  sourceRegistered: boolean;
  /** A register call is still building or storing it: it is not yours to unregister yet. */
  registering: boolean;
  /** An unregister is under way. */
  removing: boolean;
  /** Restore retries of a failed build. */
  retryTimer: { readonly handle: unknown } | null;
  building: Promise<void> | null;
  /** Consecutive failures, for the backoff. */
  attempt: number;
  /** A running poll is waiting out a rate limit or retry (see ConnectorContext.onWait). */
  waitingInPoll: boolean;
  /** Deltas the running poll had accepted so far (see ConnectorContext.onProgress). */
  pollPushed: number;
  lastPollAt: number | null;
  lastError: string | null;
  warnings: readonly string[];
  readonly counters: { polls: number; deltasPushed: number; errors: number };
}

/**
 * Owns the connectors of one gateway: builds each runtime through its type's factory,
 * registers its source on the gateway, schedules its poller, moves it through its lifecycle
 * (see lifecycle.ts), persists its config (encrypted) and state, and takes it all down on
 * unregister or shutdown.
 *
 * Decisions:
 * - A type with a descriptor but no factory on this server is still registered (the config
 *   is kept, so a server that has the plug-in picks it up on restore); it reports `failed`
 *   with lastError "no runtime for type X on this server" and a warning.
 * - A factory Err refuses the register: nothing is stored, the error (scrubbed) is answered.
 * - A poller is scheduled whenever the runtime has `poll`, every `ingest.intervalMs`
 *   (default 30 s); a retryable PollError backs off (`retryAfterMs` when the upstream said
 *   so), a fatal one fails the connector and stops its poller for good. A success clears
 *   lastError.
 * - On restore, a factory Err with a transient code (ADAPTER_ERROR, UPSTREAM_ERROR,
 *   RATE_LIMITED, ...) is retried with backoff (`backing_off`); any other fails it. Either
 *   way the connector stays listed.
 * - Every message shown or logged is scrubbed of the connector's secret strings.
 * @example
 * const manager = new ConnectorManager({ gatewayId, gateway, store, factories, urlGuard });
 * await manager.register(config);
 * manager.list(); // [{ name, type, state: "polling", ... }]
 */
export class ConnectorManager {
  readonly gatewayId: string;
  readonly #gateway: SyncGateway;
  readonly #store: ControlStore;
  readonly #factories: ConnectorFactories;
  readonly #urlGuard: UrlGuard;
  readonly #fetch: typeof fetch;
  readonly #clock: Clock;
  readonly #log: LogFn;
  readonly #backoff: { baseMs: number; capMs: number; random: () => number };
  readonly #entries = new Map<string, Entry>();
  #closed = false;

  constructor(options: ConnectorManagerOptions) {
    this.gatewayId = options.gatewayId;
    this.#gateway = options.gateway;
    this.#store = options.store;
    this.#factories = options.factories;
    this.#urlGuard = options.urlGuard;
    this.#fetch = options.fetch ?? createGuardedFetch({ urlGuard: options.urlGuard });
    this.#clock = options.clock ?? systemClock;
    this.#log = options.log ?? (() => {});
    this.#backoff = {
      baseMs: options.backoff?.baseMs ?? 1000,
      capMs: options.backoff?.capMs ?? DEFAULT_BACKOFF_CAP_MS,
      random: options.backoff?.random ?? Math.random,
    };
  }

  /**
   * Registers a validated config: CONNECTOR_EXISTS for a taken name, the factory's error
   * when it refuses. On success the config is stored (encrypted), the source registered and
   * the poller started (its first poll runs at once).
   */
  async register(config: ConnectorConfig): Promise<Result<RegisterOutcome, LakeSyncError>> {
    if (this.#closed) return Err(shuttingDown());
    if (this.#entries.has(config.name)) return Err(connectorExistsError(config.name));
    // Reserve the name before any await, so a concurrent register sees it.
    const entry = this.#newEntry(config.name, config.type, config);
    entry.registering = true;
    this.#entries.set(config.name, entry);
    try {
      return await this.#register(entry, config);
    } finally {
      entry.registering = false;
    }
  }

  async #register(
    entry: Entry,
    config: ConnectorConfig,
  ): Promise<Result<RegisterOutcome, LakeSyncError>> {
    const forget = () => {
      if (this.#entries.get(entry.name) === entry) this.#entries.delete(entry.name);
    };
    const factory = this.#factories.getConnectorFactory(config.type);
    let runtime: ConnectorRuntime | null = null;
    if (factory) {
      const built = await this.#build(entry, factory);
      if (!built.ok) {
        forget();
        // The factory may have written state before refusing: nothing of it is kept.
        await this.#store.clearState(this.gatewayId, entry.name);
        return Err(refusal(built.error));
      }
      runtime = built.value;
    }
    if (entry.abort.signal.aborted) {
      forget();
      await this.#closeRuntime(entry, runtime);
      return Err(shuttingDown());
    }

    const saved = await this.#store.saveConnector(this.gatewayId, config);
    if (!saved.ok) {
      forget();
      await this.#closeRuntime(entry, runtime);
      return Err(this.#clean(entry, saved.error));
    }

    if (!runtime) {
      const message = noRuntimeMessage(config.type);
      entry.lastError = message;
      entry.warnings = [message];
      entry.life.to("failed");
      this.#log("warn", "connector registered without a runtime", this.#fields(entry));
      return Ok({ warnings: [message] });
    }
    const started = this.#start(entry, runtime);
    if (!started.ok) {
      forget();
      await this.#closeRuntime(entry, runtime);
      await this.#store.deleteConnector(this.gatewayId, entry.name);
      return started;
    }
    this.#log("info", "connector registered", { ...this.#fields(entry), state: entry.life.state });
    return Ok(entry.warnings.length > 0 ? { warnings: entry.warnings } : {});
  }

  /**
   * Stops the poller (waiting for a running poll, which sees its signal aborted), closes
   * the runtime, removes the source, deletes the stored config and state.
   * CONNECTOR_NOT_FOUND when there is no such connector (or its register is still running).
   */
  async unregister(name: string): Promise<Result<void, LakeSyncError>> {
    const entry = this.#entries.get(name);
    if (!entry || entry.registering || entry.removing) return Err(connectorNotFoundError(name));
    entry.removing = true;
    await this.#stop(entry);
    const deleted = await this.#store.deleteConnector(this.gatewayId, name);
    if (!deleted.ok) {
      // Stopped but still stored: listed as `stopped`, and a retried unregister finishes it.
      entry.removing = false;
      return Err(deleted.error);
    }
    this.#entries.delete(name);
    this.#log("info", "connector unregistered", this.#fields(entry));
    return Ok(undefined);
  }

  /** The status of every connector, in registration order. Never holds a secret. */
  list(): ConnectorStatus[] {
    return [...this.#entries.values()].map((e) => this.#status(e));
  }

  /** The status of one connector, or undefined. */
  status(name: string): ConnectorStatus | undefined {
    const entry = this.#entries.get(name);
    return entry ? this.#status(entry) : undefined;
  }

  /**
   * Brings back stored connectors (on boot): each config is validated again and rebuilt
   * through its factory. A connector that cannot start stays listed as `failed` (or
   * `backing_off`, retrying, when the failure looks transient) with its lastError.
   */
  async restore(stored: readonly StoredConnector[]): Promise<void> {
    const pending: Promise<void>[] = [];
    for (const item of stored) {
      if (this.#closed || this.#entries.has(item.name)) continue;
      let config: ConnectorConfig | null = null;
      let problem: string | null = null;
      if (!item.config.ok) {
        problem = item.config.error.message;
      } else {
        const valid = validateConnectorConfig(item.config.value);
        if (valid.ok) config = valid.value;
        else problem = `stored config is no longer valid: ${valid.error.message}`;
      }
      const secrets = item.config.ok ? secretStrings(item.config.value) : [];
      const entry = this.#newEntry(item.name, item.type, config, secrets);
      this.#entries.set(item.name, entry);
      if (!config || problem !== null) {
        this.#fail(entry, problem ?? "stored config cannot be read");
        continue;
      }
      const factory = this.#factories.getConnectorFactory(item.type);
      if (!factory) {
        entry.warnings = [noRuntimeMessage(item.type)];
        this.#fail(entry, noRuntimeMessage(item.type));
        continue;
      }
      // Until it is built, its source answers "not connected" rather than "no such source".
      this.#standInSource(entry);
      const building = this.#buildOnRestore(entry, factory).finally(() => {
        entry.building = null;
      });
      entry.building = building;
      pending.push(building);
    }
    // A database that does not answer must not hold up the server: builds still running
    // after RESTORE_WAIT_MS go on in the background, their connectors listed as starting.
    let timer: unknown;
    const waited = new Promise<void>((resolve) => {
      timer = this.#clock.setTimeout(resolve, RESTORE_WAIT_MS);
    });
    await Promise.race([Promise.all(pending), waited]);
    this.#clock.clearTimeout(timer);
  }

  /** Stops every poller and closes every runtime; the stored configs stay. Final. */
  async stopAll(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#entries.values()].map((e) => this.#stop(e)));
  }

  // ---- building and starting ------------------------------------------------------------

  async #build(
    entry: Entry,
    factory: ConnectorFactory,
  ): Promise<Result<ConnectorRuntime, LakeSyncError>> {
    const config = entry.config as ConnectorConfig;
    const context: ConnectorContext = {
      gatewayId: this.gatewayId,
      config,
      gateway: this.#gateway,
      state: this.#stateStore(entry),
      urlGuard: this.#urlGuard,
      fetch: this.#fetch,
      log: (level, msg, fields) =>
        this.#log(level, scrubSecrets(msg, entry.secrets), {
          ...(scrubFields(fields ?? {}, entry.secrets) as object),
          ...this.#fields(entry),
        }),
      onWait: (wait) => this.#pollWaiting(entry, wait),
      onProgress: (progress) => {
        if (entry.life.isFinal || entry.abort.signal.aborted) return;
        entry.pollPushed = progress.deltasPushed;
        // A retry that gets deltas accepted has reached its upstream again: a long catch-up
        // shows as polling, not as still backing off (lastError stays until it ends).
        if (
          progress.deltasPushed > 0 &&
          !entry.waitingInPoll &&
          entry.life.state === "backing_off"
        ) {
          entry.life.to("polling");
        }
      },
    };
    try {
      const built = await factory(context);
      return built.ok ? built : Err(this.#clean(entry, built.error));
    } catch (error) {
      const reason = scrubSecrets(messageOf(error), entry.secrets);
      this.#log("error", "connector factory threw", { ...this.#fields(entry), error: reason });
      return Err(
        new LakeSyncError("INTERNAL", `The ${entry.type} connector could not start: ${reason}`),
      );
    }
  }

  /** Registers the source and schedules the poller: `starting`/`backing_off` → polling | idle. */
  #start(entry: Entry, runtime: ConnectorRuntime): Result<void, LakeSyncError> {
    if (entry.sourceRegistered) {
      // The stand-in of a connector not connected yet makes way for the real source.
      this.#gateway.unregisterSource(entry.name);
      entry.sourceRegistered = false;
    }
    if (runtime.source) {
      const added = this.#gateway.registerSource(entry.name, runtime.source);
      if (!added.ok) return added;
      entry.sourceRegistered = true;
    }
    entry.runtime = runtime;
    if (!runtime.poll) {
      entry.life.to("idle");
      return Ok(undefined);
    }
    const intervalMs = entry.config?.ingest?.intervalMs ?? connectorIngestDefaults.intervalMs;
    entry.scheduler = createPollScheduler({
      intervalMs,
      clock: this.#clock,
      poll: () => this.#poll(entry),
    });
    entry.life.to("polling");
    entry.scheduler.start();
    return Ok(undefined);
  }

  async #buildOnRestore(entry: Entry, factory: ConnectorFactory): Promise<void> {
    const built = await this.#build(entry, factory);
    if (entry.abort.signal.aborted) {
      if (built.ok) await this.#closeRuntime(entry, built.value);
      return;
    }
    if (built.ok) {
      const started = this.#start(entry, built.value);
      if (started.ok) {
        entry.attempt = 0;
        entry.lastError = null;
        return;
      }
      await this.#closeRuntime(entry, built.value);
      this.#fail(entry, started.error.message);
      return;
    }
    if (!RETRYABLE_BUILD_CODES.has(built.error.code)) {
      this.#fail(entry, built.error.message);
      return;
    }
    entry.counters.errors += 1;
    entry.lastError = scrubSecrets(built.error.message, entry.secrets);
    this.#standInSource(entry);
    entry.life.to("backing_off");
    const delay = this.#delay(entry.attempt);
    entry.attempt += 1;
    this.#log("warn", "connector could not start; retrying", {
      ...this.#fields(entry),
      error: entry.lastError,
      retryInMs: delay,
    });
    const handle = this.#clock.setTimeout(() => {
      entry.retryTimer = null;
      entry.building = this.#buildOnRestore(entry, factory).finally(() => {
        entry.building = null;
      });
    }, delay);
    entry.retryTimer = { handle };
  }

  // ---- polling -----------------------------------------------------------------------

  /** One scheduled poll: runs the runtime's poll and moves the lifecycle by its result. */
  async #poll(entry: Entry): Promise<PollOutcome | undefined> {
    const poll = entry.runtime?.poll;
    if (!poll || entry.life.isFinal) return undefined;
    let result: Result<PollReport, PollError | LakeSyncError>;
    try {
      result = await poll(entry.abort.signal);
    } catch (error) {
      result = Err(new LakeSyncError("INTERNAL", `poll threw: ${messageOf(error)}`));
    }
    // Unregistered or shut down meanwhile: what this poll did no longer counts.
    if (entry.life.isFinal || entry.abort.signal.aborted) return undefined;

    // A failed poll's accepted deltas were pushed all the same: they count.
    const pushed = result.ok ? result.value.deltasPushed : entry.pollPushed;
    entry.pollPushed = 0;
    entry.counters.deltasPushed += pushed;
    entry.counters.polls += 1;
    entry.lastPollAt = this.#clock.now();
    entry.waitingInPoll = false;
    if (result.ok) {
      entry.attempt = 0;
      entry.lastError = null;
      const warnings = (result.value.warnings ?? [])
        .slice(0, 20)
        .map((w) => scrubSecrets(w, entry.secrets));
      // Logged when they change, not on every poll that repeats them.
      if (warnings.length > 0 && warnings.join("\n") !== entry.warnings.join("\n")) {
        this.#log("warn", "connector poll has warnings", { ...this.#fields(entry), warnings });
      }
      entry.warnings = warnings;
      entry.life.to("polling");
      return undefined;
    }

    const error = result.error as Partial<PollError> & LakeSyncError;
    entry.counters.errors += 1;
    entry.lastError = scrubSecrets(error.message, entry.secrets);
    if (error.fatal === true) {
      entry.life.to("failed");
      // A poll must not await its own scheduler's stop: it would wait for itself.
      void entry.scheduler?.stop();
      this.#log("error", "connector failed", { ...this.#fields(entry), error: entry.lastError });
      return undefined;
    }
    // The upstream's Retry-After is honoured up to the backoff cap (5 minutes by default).
    const retryAfter = error.retryAfterMs;
    const delay =
      typeof retryAfter === "number" && Number.isFinite(retryAfter)
        ? Math.min(Math.max(0, retryAfter), this.#backoff.capMs)
        : this.#delay(entry.attempt);
    entry.attempt += 1;
    entry.life.to("backing_off");
    this.#log("warn", "connector poll failed; backing off", {
      ...this.#fields(entry),
      error: entry.lastError,
      retryInMs: delay,
    });
    return { nextDelayMs: delay };
  }

  /** A running poll waits in place (rate limit, retry): show backing_off until it goes on. */
  #pollWaiting(entry: Entry, wait: { waitMs: number; reason: string } | null): void {
    if (entry.life.isFinal || entry.abort.signal.aborted) return;
    if (wait) {
      entry.lastError = scrubSecrets(wait.reason, entry.secrets);
      if (entry.life.state === "polling") {
        entry.life.to("backing_off");
        entry.waitingInPoll = true;
      }
    } else if (entry.waitingInPoll) {
      entry.waitingInPoll = false;
      if (entry.life.state === "backing_off") entry.life.to("polling");
    }
  }

  #delay(attempt: number): number {
    return backoffDelay(Math.min(attempt, 40), this.#backoff);
  }

  // ---- stopping ----------------------------------------------------------------------

  /** Aborts, waits for a running poll or build, → stopped, removes the source, closes. */
  async #stop(entry: Entry): Promise<void> {
    entry.abort.abort();
    if (entry.retryTimer) {
      this.#clock.clearTimeout(entry.retryTimer.handle);
      entry.retryTimer = null;
    }
    if (entry.building) await entry.building;
    if (entry.scheduler) await entry.scheduler.stop();
    if (!entry.life.isStopped) entry.life.to("stopped");
    const runtime = entry.runtime;
    entry.runtime = null;
    await this.#closeRuntime(entry, runtime);
  }

  async #closeRuntime(entry: Entry, runtime: ConnectorRuntime | null): Promise<void> {
    if (entry.sourceRegistered) {
      this.#gateway.unregisterSource(entry.name);
      entry.sourceRegistered = false;
    }
    if (!runtime) return;
    try {
      await runtime.close();
    } catch (error) {
      this.#log("warn", "connector close failed", {
        ...this.#fields(entry),
        error: scrubSecrets(messageOf(error), entry.secrets),
      });
    }
  }

  // ---- helpers -----------------------------------------------------------------------

  #newEntry(
    name: string,
    type: string,
    config: ConnectorConfig | null,
    secrets?: readonly string[],
  ): Entry {
    return {
      name,
      type,
      config,
      hasIngest: config?.ingest !== undefined,
      life: new ConnectorLifecycle(),
      secrets: secrets ?? (config ? secretStrings(config) : []),
      abort: new AbortController(),
      runtime: null,
      scheduler: null,
      sourceRegistered: false,
      registering: false,
      removing: false,
      retryTimer: null,
      building: null,
      attempt: 0,
      waitingInPoll: false,
      lastPollAt: null,
      lastError: null,
      warnings: [],
      counters: { polls: 0, deltasPushed: 0, errors: 0 },
      pollPushed: 0,
    };
  }

  #fail(entry: Entry, message: string): void {
    entry.lastError = scrubSecrets(message, entry.secrets);
    this.#standInSource(entry);
    entry.life.to("failed");
    this.#log("error", "connector failed", { ...this.#fields(entry), error: entry.lastError });
  }

  /**
   * A restored database connector without its runtime still names a source: pulls of it say
   * it is not connected (502) rather than that it does not exist (404).
   */
  #standInSource(entry: Entry): void {
    if (entry.sourceRegistered || entry.runtime || !hasSource(entry.type)) return;
    const added = this.#gateway.registerSource(
      entry.name,
      unconnectedSource(entry.name, () => entry.lastError),
    );
    if (added.ok) entry.sourceRegistered = true;
  }

  /** The connector's state store; refuses writes once the connector is stopped. */
  #stateStore(entry: Entry): ConnectorStateStore {
    const inner = this.#store.stateStore(this.gatewayId, entry.name);
    const live = () => {
      if (entry.life.isStopped) {
        throw new LakeSyncError(
          "CONNECTOR_NOT_FOUND",
          `Connector "${entry.name}" is stopped; its state is closed`,
        );
      }
    };
    return {
      load: (key) => inner.load(key),
      save: async (key, value) => {
        live();
        await inner.save(key, value);
      },
      delete: async (key) => {
        live();
        await inner.delete(key);
      },
    };
  }

  #status(entry: Entry): ConnectorStatus {
    const state = entry.life.state;
    return {
      name: entry.name,
      type: entry.type,
      hasIngest: entry.hasIngest,
      isPolling: entry.scheduler !== null && (state === "polling" || state === "backing_off"),
      state,
      lastPollAt: entry.lastPollAt === null ? null : new Date(entry.lastPollAt).toISOString(),
      lastError: entry.lastError,
      // The running poll's accepted deltas show as they go (an initial sync can take minutes).
      counters: { ...entry.counters, deltasPushed: entry.counters.deltasPushed + entry.pollPushed },
      ...(entry.warnings.length > 0 ? { warnings: [...entry.warnings] } : {}),
    };
  }

  /** An error as the caller may see it: its message (and issues) scrubbed of secrets. */
  #clean(entry: Entry, error: LakeSyncError): LakeSyncError {
    const message = scrubSecrets(error.message, entry.secrets);
    if (error instanceof ValidationError) {
      const issues = error.issues.map((i) => ({
        path: i.path,
        message: scrubSecrets(i.message, entry.secrets),
      }));
      const same = issues.every((i, n) => i.message === error.issues[n]?.message);
      return same ? error : new ValidationError(issues, error.code as ValidationCode);
    }
    return message === error.message ? error : new LakeSyncError(error.code, message);
  }

  #fields(entry: Entry): { gatewayId: string; connector: string; type: string } {
    return { gatewayId: this.gatewayId, connector: entry.name, type: entry.type };
  }
}

type ValidationCode = ConstructorParameters<typeof ValidationError>[1] & string;

function shuttingDown(): LakeSyncError {
  return new LakeSyncError("INTERNAL", "The server is shutting down");
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A factory's refusal as the register answers it: a database that fails its register-time
 * checks (unreachable, credentials refused, a query that does not run) is a config the user
 * must fix, so 400 CONNECTOR_CHECK_FAILED with the database's message; other codes stay.
 */
function refusal(error: LakeSyncError): LakeSyncError {
  if (error.code !== "ADAPTER_ERROR") return error;
  return new LakeSyncError("CONNECTOR_CHECK_FAILED", error.message);
}
