import {
  type ChunkedPusher,
  type CursorPosition,
  createChunkedPusher,
  cursorChanges,
  DiffSnapshot,
  Err,
  HLC,
  type HLCTimestamp,
  type JiraConnectorConfig,
  LakeSyncError,
  makeDelta,
  Ok,
  type PushTarget,
  type Result,
  type Row,
  type RowChange,
  type RowDelta,
} from "@lakesync/core";
import {
  addOrThrow,
  type ConnectorStateStore,
  finishOrThrow,
  PollError,
  type PollReport,
  PushRefused,
  refusedPushError,
} from "@lakesync/gateway";
import { JiraApiError } from "../client/errors.js";
import { JiraClient, type JiraClientOptions } from "../client/jira-client.js";
import { buildSearchJql, CURSOR_OVERLAP_MS, formatJqlDate } from "../jql.js";
import { commentRow, ISSUE_FIELDS, issueRow, projectRow } from "../mapping.js";
import { CheckpointQueue } from "./checkpoint-queue.js";
import { loadCursor, saveCursor, stateKeys } from "./state-keys.js";

/** The default Jira base URL of a site: `https://{domain}.atlassian.net`, unless `baseUrl` is set. */
export function jiraBaseUrl(config: Pick<JiraConnectorConfig, "domain" | "baseUrl">): string {
  return config.baseUrl ?? `https://${config.domain}.atlassian.net`;
}

export interface JiraPollerOptions {
  /** The validated `jira` block. */
  readonly config: JiraConnectorConfig;
  /** Where deltas go: a SyncGateway (flushed when over budget) or any PushTarget. */
  readonly target: PushTarget;
  /** Cursor and snapshots; written only after the deltas behind them were accepted. */
  readonly state: ConnectorStateStore;
  /** The client id deltas are pushed as, e.g. `ingest:jira-eng`. */
  readonly clientId: string;
  /** Deltas per push. Default 500. */
  readonly chunkSize?: number | undefined;
  /** Flush the target before a push once its buffer is at 70% of this. */
  readonly memoryBudgetBytes?: number | undefined;
  /** The connector's `fetch` (URL-guarded on the server). Default `globalThis.fetch`. */
  readonly fetch?: typeof fetch;
  /** Issues per search page. Default 100. */
  readonly pageSize?: number;
  /** Retries, in-place waits and timers of the HTTP client (see `JiraClientOptions`). */
  readonly client?: Pick<
    JiraClientOptions,
    "maxInlineWaitMs" | "maxRetries" | "retryBaseMs" | "sleep" | "now" | "random" | "onWait"
  >;
  /** Wall clock of delta HLCs. Default `Date.now`. */
  readonly now?: () => number;
  readonly log?: (level: "debug" | "info" | "warn" | "error", msg: string, fields?: object) => void;
  /** Told the poll's accepted deltas so far after each accepted chunk (the host's live status). */
  readonly onProgress?: ((progress: { readonly deltasPushed: number }) => void) | undefined;
}

/** A Jira poller: one `poll` per cycle, never overlapping. */
export interface JiraPoller {
  /**
   * Syncs issues (and their comments) changed since the stored cursor, then projects.
   * Errors are values: auth failures are fatal, rate limits carry `retryAfterMs`.
   */
  poll(signal?: AbortSignal): Promise<Result<PollReport, PollError>>;
  readonly client: JiraClient;
}

const ISSUES = "jira_issues";
const COMMENTS = "jira_comments";
const PROJECTS = "jira_projects";

/**
 * Creates the Jira Cloud poller behind `jiraConnectorFactory`.
 *
 * Issues: a cursor on `(updated, key)`; the first poll takes everything matching `jql`, later
 * ones ask for `updated >= cursor - 1 minute` (JQL minutes, in the Jira user's time zone) and
 * core's cursor engine drops what was already emitted. Comments of each emitted issue are
 * diffed against that issue's stored snapshot. Projects are diffed as a whole each poll.
 * @example
 * const poller = createJiraPoller({ config, target: gateway, state, clientId: "ingest:jira" });
 * const result = await poller.poll();
 */
export function createJiraPoller(options: JiraPollerOptions): JiraPoller {
  return new Poller(options);
}

class Poller implements JiraPoller {
  readonly client: JiraClient;
  readonly #o: JiraPollerOptions;
  readonly #hlc: HLC;
  #timeZone: string | null = null;
  #lastSeenHlc: HLCTimestamp = 0n;

  constructor(options: JiraPollerOptions) {
    this.#o = options;
    this.#hlc = new HLC(options.now ? { now: options.now } : {});
    const { config } = options;
    this.client = new JiraClient({
      ...options.client,
      baseUrl: jiraBaseUrl(config),
      email: config.email,
      apiToken: config.apiToken,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  async poll(signal?: AbortSignal): Promise<Result<PollReport, PollError>> {
    const queue = new CheckpointQueue();
    const { chunkSize, memoryBudgetBytes } = this.#o;
    const pusher = createChunkedPusher<number>({
      target: this.#o.target,
      clientId: this.#o.clientId,
      ...(chunkSize !== undefined ? { chunkSize } : {}),
      ...(memoryBudgetBytes !== undefined ? { memoryBudgetBytes } : {}),
      lastSeenHlc: this.#lastSeenHlc,
      // Each delta is made by this poller's clock as it is added: none is a re-send.
      freshDeltas: true,
      onCheckpoint: (seq) => queue.run(seq),
      onAccepted: (deltasPushed) => this.#o.onProgress?.({ deltasPushed }),
    });
    try {
      await this.#syncIssues(pusher, queue, signal);
      if (this.#o.config.includeProjects !== false) {
        await this.#syncProjects(pusher, queue, signal);
      }
      return Ok({ deltasPushed: pusher.stats.deltasPushed });
    } catch (error) {
      pusher.discard();
      return Err(toPollError(error));
    } finally {
      this.#lastSeenHlc = pusher.lastSeenHlc;
    }
  }

  async #syncIssues(
    pusher: ChunkedPusher<number>,
    queue: CheckpointQueue,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const { config, state } = this.#o;
    const stored = await loadCursor(state);
    let since: string | null = null;
    if (stored) {
      const at = Date.parse(String(stored.value));
      since = formatJqlDate(at - CURSOR_OVERLAP_MS, await this.#userTimeZone(signal));
    }
    const jql = buildSearchJql(config.jql, since);
    this.#o.log?.("debug", "jira: searching issues", { jql });
    const pageOptions = { ...(signal ? { signal } : {}), pageSize: this.#o.pageSize ?? 100 };
    const rows = mapRows(this.client.searchIssues(jql, ISSUE_FIELDS, pageOptions), issueRow);

    // Results come ordered by `updated`, ties in any order: the cursor may only move past a
    // group of equal `updated` values once the next group starts (or the search ended).
    let safe = stored;
    let seenMax = stored;
    let saved = stored;
    let group: string | number | null = null;
    for await (const { change, position, maxPosition } of cursorChanges(rows, {
      table: ISSUES,
      rowIdColumn: "key",
      cursorColumn: "updated",
      after: stored,
    })) {
      if (position.value !== group) {
        safe = seenMax;
        group = position.value;
      }
      seenMax = maxPosition;
      const batch: RowChange[] = [change];
      const saves: (() => Promise<void>)[] = [];
      if (config.includeComments !== false) {
        const projectKey = columnText(change, "project_key") ?? "";
        const comments = await this.#commentChanges(change.rowId, projectKey, signal);
        batch.push(...comments.changes);
        if (comments.save) saves.push(comments.save);
      }
      if (safe && safe !== saved) {
        const cursor: CursorPosition = safe;
        saved = safe;
        saves.push(() => saveCursor(state, cursor));
      }
      for (let i = 0; i < batch.length; i++) {
        const checkpoint = i === batch.length - 1 ? queue.register(saves) : undefined;
        await addOrThrow(pusher, this.#delta(batch[i] as RowChange), checkpoint);
      }
    }
    const final = seenMax;
    const saves = final && final !== saved ? [() => saveCursor(state, final)] : [];
    await finishOrThrow(pusher, queue.register(saves));
  }

  async #commentChanges(
    issueKey: string,
    projectKey: string,
    signal: AbortSignal | undefined,
  ): Promise<{ changes: RowChange[]; save: (() => Promise<void>) | null }> {
    const { state } = this.#o;
    const key = stateKeys.comments(issueKey);
    const snapshot = await loadSnapshot(state, key, COMMENTS, "comment_id");
    const cycle = snapshot.begin();
    const changes: RowChange[] = [];
    const rekey = (change: RowChange): RowChange => ({
      ...change,
      rowId: `${issueKey}:${change.rowId}`,
    });
    try {
      for await (const comment of this.client.issueComments(issueKey, signal ? { signal } : {})) {
        const change = cycle.observe(commentRow(issueKey, projectKey, comment));
        if (change) changes.push(rekey(change));
      }
    } catch (error) {
      // Deleted (or moved out of reach) since the search: its comments go with it next time.
      if (error instanceof JiraApiError && error.status === 404) return { changes: [], save: null };
      throw error;
    }
    for (const change of cycle.deletions()) changes.push(rekey(change));
    if (changes.length === 0) return { changes, save: null };
    cycle.commit();
    const bytes = snapshot.size > 0 ? snapshot.toBytes() : null;
    return {
      changes,
      save: () => (bytes ? state.save(key, bytes) : state.delete(key)),
    };
  }

  async #syncProjects(
    pusher: ChunkedPusher<number>,
    queue: CheckpointQueue,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const { state } = this.#o;
    const snapshot = await loadSnapshot(state, stateKeys.projects, PROJECTS, "key");
    const cycle = snapshot.begin();
    let changes = 0;
    for await (const project of this.client.projects(signal ? { signal } : {})) {
      const change = cycle.observe(projectRow(project));
      if (change) {
        changes += 1;
        await addOrThrow(pusher, this.#delta(change));
      }
    }
    for (const change of cycle.deletions()) {
      changes += 1;
      await addOrThrow(pusher, this.#delta(change));
    }
    const save = async () => {
      cycle.commit();
      await state.save(stateKeys.projects, snapshot.toBytes());
    };
    await finishOrThrow(pusher, queue.register(changes > 0 ? [save] : []));
  }

  async #userTimeZone(signal: AbortSignal | undefined): Promise<string> {
    if (this.#timeZone === null) {
      const me = await this.client.myself(signal);
      this.#timeZone = typeof me.timeZone === "string" && me.timeZone !== "" ? me.timeZone : "UTC";
    }
    return this.#timeZone;
  }

  #delta(change: RowChange): RowDelta {
    return makeDelta(change, this.#o.clientId, this.#hlc.now());
  }
}

async function* mapRows<T>(items: AsyncIterable<T>, map: (item: T) => Row): AsyncGenerator<Row> {
  for await (const item of items) yield map(item);
}

function columnText(change: RowChange, column: string): string | null {
  const value = change.columns.find((c) => c.column === column)?.value;
  return typeof value === "string" ? value : null;
}

async function loadSnapshot(
  state: ConnectorStateStore,
  key: string,
  table: string,
  rowIdColumn: string,
): Promise<DiffSnapshot> {
  const bytes = await state.load(key);
  if (bytes) {
    const restored = DiffSnapshot.fromBytes(bytes);
    if (restored.ok) return restored.value;
  }
  return new DiffSnapshot({ table, rowIdColumn });
}

/** Maps what stopped a poll to the host's PollError: auth is fatal, rate limits wait. */
export function toPollError(error: unknown): PollError {
  if (error instanceof PollError) return error;
  if (error instanceof PushRefused) return refusedPushError(error, "Jira changes");
  if (error instanceof JiraApiError) {
    switch (error.kind) {
      case "auth":
        return new PollError(error.status === 403 ? "FORBIDDEN" : "UNAUTHORIZED", error.message, {
          fatal: true,
        });
      case "rate_limited":
        return new PollError(
          "RATE_LIMITED",
          error.message,
          error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs },
        );
      case "request":
        // 400 is a JQL Jira will not run: the config must change, retrying cannot help.
        if (error.status === 400) {
          return new PollError("INVALID_CONFIG", error.message, { fatal: true });
        }
        return new PollError("UPSTREAM_ERROR", error.message);
      default:
        return new PollError(
          "UPSTREAM_ERROR",
          error.message,
          error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs },
        );
    }
  }
  if (error instanceof LakeSyncError) return new PollError(error.code, error.message);
  const message = error instanceof Error ? error.message : String(error);
  return new PollError("UPSTREAM_ERROR", `Jira poll failed: ${message}`);
}
