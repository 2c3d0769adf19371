import {
  type ChunkedPusher,
  type CursorPosition,
  createChunkedPusher,
  cursorChanges,
  Err,
  HLC,
  type HLCTimestamp,
  LakeSyncError,
  makeDelta,
  Ok,
  type PushTarget,
  type Result,
  type Row,
  type RowChange,
  redactSecrets,
  type SalesforceConnectorConfig,
} from "@lakesync/core";
import {
  addOrThrow,
  type ConnectorStateStore,
  finishOrThrow,
  PollError,
  type PollReport,
  PushRefused,
  refusedPushError,
  type UrlGuard,
} from "@lakesync/gateway";
import { SalesforceApiError } from "../client/errors.js";
import { SalesforceClient, type SalesforceClientOptions } from "../client/salesforce-client.js";
import type { SalesforceRecord } from "../client/types.js";
import { enabledEntities, type SalesforceEntity } from "../entities.js";
import { recordRow } from "../mapping.js";
import { buildSoql } from "../soql.js";
import { loadCursor, saveCursor, stateKeys } from "./state-keys.js";

/**
 * The OAuth login URL of a config: `loginUrl`, else `https://test.salesforce.com` for a
 * sandbox, else `https://login.salesforce.com`.
 */
export function salesforceLoginUrl(
  config: Pick<SalesforceConnectorConfig, "loginUrl" | "isSandbox">,
): string {
  if (config.loginUrl !== undefined) return config.loginUrl;
  return config.isSandbox ? "https://test.salesforce.com" : "https://login.salesforce.com";
}

export interface SalesforcePollerOptions {
  /** The validated `salesforce` block (defaults applied). */
  readonly config: SalesforceConnectorConfig;
  /** Where deltas go: a SyncGateway (flushed when over budget) or any PushTarget. */
  readonly target: PushTarget;
  /** Per-entity cursors; written only after the deltas behind them were accepted. */
  readonly state: ConnectorStateStore;
  /** The client id deltas are pushed as, e.g. `ingest:sf-crm`. */
  readonly clientId: string;
  /** Deltas per push. Default 500. */
  readonly chunkSize?: number | undefined;
  /** Flush the target before a push once its buffer is at 70% of this. */
  readonly memoryBudgetBytes?: number | undefined;
  /**
   * How long the host should wait after a 403 `REQUEST_LIMIT_EXCEEDED` (the connector's
   * `ingest.intervalMs`: the next interval). Default 30,000 ms.
   */
  readonly limitRetryMs?: number | undefined;
  /** The connector's `fetch` (URL-guarded on the server). Default `globalThis.fetch`. */
  readonly fetch?: typeof fetch;
  /** The server's outbound URL guard, applied to the `instance_url` the login answers. */
  readonly urlGuard?: UrlGuard;
  /** Records per query page (`Sforce-Query-Options: batchSize`). Default: Salesforce's (2,000). */
  readonly batchSize?: number;
  /** Retries, in-place waits and timers of the HTTP client (see `SalesforceClientOptions`). */
  readonly client?: Pick<
    SalesforceClientOptions,
    "maxInlineWaitMs" | "maxRetries" | "retryBaseMs" | "sleep" | "now" | "random" | "onWait"
  >;
  /** Wall clock of delta HLCs. Default `Date.now`. */
  readonly now?: () => number;
  readonly log?: (level: "debug" | "info" | "warn" | "error", msg: string, fields?: object) => void;
  /** Told the poll's accepted deltas so far after each accepted chunk (the host's live status). */
  readonly onProgress?: ((progress: { readonly deltasPushed: number }) => void) | undefined;
}

/** A Salesforce poller: one `poll` per cycle, never overlapping. */
export interface SalesforcePoller {
  /**
   * Syncs the records of every enabled entity changed since its cursor. Errors are values:
   * login failures are fatal, rate and request limits carry `retryAfterMs`; an entity whose
   * query Salesforce refuses (`INVALID_FIELD`) is reported in `warnings` while the others sync.
   */
  poll(signal?: AbortSignal): Promise<Result<PollReport, PollError>>;
  readonly client: SalesforceClient;
}

/** What the pusher reports once the deltas before it were accepted: a cursor to save. */
interface Checkpoint {
  readonly key: string;
  readonly position: CursorPosition;
}

// Row fields the cursor engine reads that are not columns of the tables.
const ID = "__sf_id";
const DELETED = "__sf_deleted";

/**
 * Creates the Salesforce poller behind `salesforceConnectorFactory`.
 *
 * Each enabled entity (Account, Contact, Opportunity, Lead) has a cursor on
 * `(LastModifiedDate, Id)`. The first poll reads everything (`queryAll`, deleted records
 * included); later ones ask for `LastModifiedDate > cursor - 1 s` and core's cursor engine drops
 * what was already emitted, so records sharing the cursor's timestamp are neither lost nor
 * sent twice. `IsDeleted` records become DELETE deltas.
 * @example
 * const poller = createSalesforcePoller({ config, target: gateway, state, clientId: "ingest:sf" });
 * const result = await poller.poll();
 */
export function createSalesforcePoller(options: SalesforcePollerOptions): SalesforcePoller {
  return new Poller(options);
}

class Poller implements SalesforcePoller {
  readonly client: SalesforceClient;
  readonly #o: SalesforcePollerOptions;
  readonly #hlc: HLC;
  #lastSeenHlc: HLCTimestamp = 0n;

  constructor(options: SalesforcePollerOptions) {
    this.#o = options;
    this.#hlc = new HLC(options.now ? { now: options.now } : {});
    const { config } = options;
    this.client = new SalesforceClient({
      ...options.client,
      loginUrl: salesforceLoginUrl(config),
      instanceUrl: config.instanceUrl,
      apiVersion: config.apiVersion,
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      username: config.username,
      password: config.password,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.urlGuard ? { urlGuard: options.urlGuard } : {}),
    });
  }

  async poll(signal?: AbortSignal): Promise<Result<PollReport, PollError>> {
    const { chunkSize, memoryBudgetBytes, state } = this.#o;
    const pusher = createChunkedPusher<Checkpoint>({
      target: this.#o.target,
      clientId: this.#o.clientId,
      ...(chunkSize !== undefined ? { chunkSize } : {}),
      ...(memoryBudgetBytes !== undefined ? { memoryBudgetBytes } : {}),
      lastSeenHlc: this.#lastSeenHlc,
      // Each delta is made by this poller's clock as it is added: none is a re-send.
      freshDeltas: true,
      onCheckpoint: ({ key, position }) => saveCursor(state, key, position),
      onAccepted: (deltasPushed) => this.#o.onProgress?.({ deltasPushed }),
    });
    const warnings: string[] = [];
    try {
      // Log in first: a refused login fails the poll, it is no entity's problem.
      await this.client.ensureSession(signal);
      const entities = enabledEntities(this.#o.config);
      for (const entity of entities) {
        try {
          await this.#syncEntity(entity, pusher, signal);
        } catch (error) {
          // Salesforce refused this entity's query (a soqlFilter field it lacks): the others go on.
          if (!(error instanceof SalesforceApiError && error.kind === "request")) throw error;
          warnings.push(`${entity.schema.table}: ${error.message}`);
          this.#o.log?.("warn", "salesforce: entity skipped", {
            table: entity.schema.table,
            error: error.message,
          });
          await finishOrThrow(pusher);
        }
      }
      if (entities.length > 0 && warnings.length === entities.length) {
        return Err(new PollError("INVALID_CONFIG", warnings.join("; "), { fatal: true }));
      }
      const report: PollReport = { deltasPushed: pusher.stats.deltasPushed };
      return Ok(warnings.length > 0 ? { ...report, warnings } : report);
    } catch (error) {
      pusher.discard();
      return Err(toPollError(error, this.#o.limitRetryMs ?? 30_000));
    } finally {
      this.#lastSeenHlc = pusher.lastSeenHlc;
    }
  }

  async #syncEntity(
    entity: SalesforceEntity,
    pusher: ChunkedPusher<Checkpoint>,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const { config, state, clientId, batchSize } = this.#o;
    const table = entity.schema.table;
    const key = stateKeys.cursor(table);
    const stored = await loadCursor(state, key);
    const soql = buildSoql(entity, {
      filter: config.soqlFilter,
      since: stored ? String(stored.value) : null,
    });
    this.#o.log?.("debug", "salesforce: querying", { table, soql });
    const records = this.client.queryAll(soql, {
      signal,
      ...(batchSize !== undefined ? { batchSize } : {}),
    });

    // Records come ordered by LastModifiedDate, ties in any order: the cursor may only move
    // past a group of equal values once the next group starts (or the query ended).
    let safe = stored;
    let seenMax = stored;
    let saved = stored;
    let group: string | number | null = null;
    for await (const { change, position, maxPosition } of cursorChanges(rows(entity, records), {
      table,
      rowIdColumn: ID,
      cursorColumn: "last_modified_date",
      after: stored,
    })) {
      if (position.value !== group) {
        safe = seenMax;
        group = position.value;
      }
      seenMax = maxPosition;
      let checkpoint: Checkpoint | undefined;
      if (safe && safe !== saved) {
        saved = safe;
        checkpoint = { key, position: safe };
      }
      await addOrThrow(pusher, makeDelta(toChange(change), clientId, this.#hlc.now()), checkpoint);
    }
    await finishOrThrow(
      pusher,
      seenMax && seenMax !== saved ? { key, position: seenMax } : undefined,
    );
  }
}

/** Records as rows of the entity's table, plus the Id and IsDeleted the engine and ops need. */
async function* rows(
  entity: SalesforceEntity,
  records: AsyncIterable<SalesforceRecord>,
): AsyncGenerator<Row> {
  for await (const record of records) {
    yield { ...recordRow(entity, record), [ID]: record.Id, [DELETED]: record.IsDeleted === true };
  }
}

/** A deleted record becomes a DELETE; any other an INSERT (an upsert) of the table's columns. */
function toChange(change: RowChange): RowChange {
  const deleted = change.columns.some((c) => c.column === DELETED && c.value === true);
  if (deleted) return { op: "DELETE", table: change.table, rowId: change.rowId, columns: [] };
  return {
    ...change,
    columns: change.columns.filter((c) => c.column !== ID && c.column !== DELETED),
  };
}

/**
 * Maps what stopped a poll to the host's PollError: a refused login is fatal, a 503 waits its
 * `Retry-After`, a used-up API limit waits `limitRetryMs` (the next interval).
 */
export function toPollError(error: unknown, limitRetryMs = 30_000): PollError {
  if (error instanceof PollError) return error;
  if (error instanceof PushRefused) return refusedPushError(error, "Salesforce changes");
  if (error instanceof SalesforceApiError) {
    const retry = error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs };
    switch (error.kind) {
      case "auth":
        return new PollError(error.status === 403 ? "FORBIDDEN" : "UNAUTHORIZED", error.message, {
          fatal: true,
        });
      case "config":
      case "request":
        return new PollError("INVALID_CONFIG", error.message, { fatal: true });
      case "rate_limited":
        return new PollError("RATE_LIMITED", error.message, retry);
      case "limit_exceeded":
        return new PollError("RATE_LIMITED", error.message, { retryAfterMs: limitRetryMs });
      default:
        return new PollError("UPSTREAM_ERROR", error.message, retry);
    }
  }
  if (error instanceof LakeSyncError) return new PollError(error.code, error.message);
  const message = error instanceof Error ? error.message : String(error);
  return new PollError("UPSTREAM_ERROR", redactSecrets(`Salesforce poll failed: ${message}`));
}
