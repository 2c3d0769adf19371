import { randomUUID } from "node:crypto";
import { sleep } from "@lakesync/core";
import { type QueryResponse, toDryRunFields, toQueryResponse } from "./answers.js";
import { toBigQueryError } from "./bigquery-error.js";
import type { QueryParameter } from "./query-parameters.js";
import { answerWithin, cancelled, type RestCall, RestTransport } from "./rest-transport.js";

/** How the adapter reaches BigQuery: the connector's `bigquery` block. */
export interface BigQuerySettings {
  readonly projectId: string;
  readonly dataset: string;
  readonly keyFilename?: string | undefined;
  readonly location?: string | undefined;
  /** An emulator or fake: no Google credentials are used and nothing else is contacted. */
  readonly apiEndpoint?: string | undefined;
}

/** A field of a result schema, as the REST API describes it. */
export interface SchemaField {
  readonly name: string;
  readonly type: string;
  readonly mode?: string;
  readonly fields?: readonly SchemaField[];
}

/** One REST row: `{ f: [{ v }] }`, values as strings (nested for RECORD and REPEATED). */
export interface RestRow {
  readonly f: readonly { readonly v: unknown }[];
}

/** One page of a query's result. */
export interface ResultPage {
  readonly fields: readonly SchemaField[];
  readonly rows: readonly RestRow[];
  readonly numDmlAffectedRows?: number;
}

export interface QueryOptions {
  readonly params?: readonly QueryParameter[];
  /** Rows per page (`maxResults`). Default: BigQuery's (about 10 MB). */
  readonly pageSize?: number;
  /** Cancels the requests and waits at once (a closed source): they fail, not retried. */
  readonly signal?: AbortSignal | undefined;
}

/** Waits between getQueryResults polls of a job that is not complete. */
const POLL_WAIT_MS = [100, 200, 500, 1000, 2000];
/** Transient failures retried in place before the error reaches the caller. */
const RETRY_WAIT_MS = [200, 1000];
/** How long one getQueryResults call may wait on the server for the job to finish. */
const SERVER_WAIT_MS = 10_000;
/** How long a request may go unanswered. */
const REQUEST_TIMEOUT_MS = 60_000;
/** A dry run reads nothing: BigQuery answers it in well under a second. */
const DRY_RUN_TIMEOUT_MS = 10_000;
/** Longer waits a failure asks for (Retry-After) are left to the caller, e.g. the poll's back-off. */
const MAX_IN_PLACE_WAIT_MS = 5_000;

/** The client's I/O. */
export interface BigQueryRestOptions {
  /** Default `globalThis.fetch`. Redirects are never followed, whatever it does with them. */
  readonly fetch?: typeof fetch | undefined;
}

/**
 * BigQuery's REST API v2 as LakeSync uses it, over `fetch` with google-auth-library's
 * credentials (service account key file, application default credentials, or none with
 * `apiEndpoint`):
 * - jobs.query (`POST /queries`) with `defaultDataset` set to the connector's dataset, so
 *   unqualified table names resolve there, named parameters, `maxResults` and int64 timestamps;
 * - getQueryResults (`GET /queries/{jobId}`) while `jobComplete` is false and for each
 *   `pageToken`;
 * - jobs.insert with `dryRun` to check a query and learn its result schema without running it.
 * Transient errors (429, 5xx, `rateLimitExceeded`, `backendError`) are retried twice, waiting
 * as long as a `Retry-After` asks up to 5 s; every failure becomes a {@link BigQueryError}
 * with BigQuery's message (and the `Retry-After` wait, capped at 5 minutes).
 */
export class BigQueryRest {
  readonly #transport: RestTransport;
  readonly #settings: BigQuerySettings;

  constructor(settings: BigQuerySettings, options: BigQueryRestOptions = {}) {
    this.#settings = settings;
    this.#transport = new RestTransport({ ...settings, fetch: options.fetch });
  }

  get dataset(): string {
    return this.#settings.dataset;
  }

  /**
   * A time budget for the requests given it as `signal`: after `ms` they fail with
   * "No answer from <endpoint> within N s".
   */
  answerWithin(ms: number): AbortSignal {
    return answerWithin(this.#transport.origin, ms);
  }

  /** Runs a query (or script) and yields its result a page at a time. */
  async *pages(sql: string, options: QueryOptions = {}): AsyncGenerator<ResultPage> {
    const body = {
      query: sql,
      useLegacySql: false,
      defaultDataset: { projectId: this.#settings.projectId, datasetId: this.#settings.dataset },
      formatOptions: { useInt64Timestamp: true },
      requestId: randomUUID(),
      timeoutMs: SERVER_WAIT_MS,
      ...(this.#settings.location ? { location: this.#settings.location } : {}),
      ...(options.pageSize ? { maxResults: options.pageSize } : {}),
      ...(options.params?.length
        ? { parameterMode: "NAMED", queryParameters: options.params }
        : {}),
    };
    const { signal } = options;
    const what = "jobs.query";
    let response = toQueryResponse(
      await this.#request({ method: "POST", path: "/queries", json: body, what, signal }),
      what,
    );
    const job = response.jobReference;
    let polls = 0;
    while (job && response.jobComplete === false) {
      await wait(POLL_WAIT_MS[Math.min(polls++, POLL_WAIT_MS.length - 1)] ?? 2000, signal);
      response = await this.#results(job, options, undefined);
    }
    for (;;) {
      yield {
        fields: response.schema?.fields ?? [],
        rows: response.rows ?? [],
        ...(response.numDmlAffectedRows !== undefined
          ? { numDmlAffectedRows: Number(response.numDmlAffectedRows) }
          : {}),
      };
      if (!response.pageToken || !job) return;
      response = await this.#results(job, options, response.pageToken);
    }
  }

  /** Runs a statement or script and answers its whole (small) result. */
  async run(sql: string, options: QueryOptions = {}): Promise<ResultPage> {
    let fields: readonly SchemaField[] = [];
    const rows: RestRow[] = [];
    let affected: number | undefined;
    for await (const page of this.pages(sql, options)) {
      fields = page.fields;
      rows.push(...page.rows);
      affected = page.numDmlAffectedRows ?? affected;
    }
    return { fields, rows, ...(affected !== undefined ? { numDmlAffectedRows: affected } : {}) };
  }

  /** Checks a query without running it (a free dry run) and answers its result's fields. */
  async dryRun(
    sql: string,
    options: { readonly params?: readonly QueryParameter[]; readonly signal?: AbortSignal } = {},
  ): Promise<readonly SchemaField[]> {
    const params = options.params ?? [];
    const what = "a dry-run jobs.insert";
    const job = await this.#request({
      method: "POST",
      path: "/jobs",
      what,
      signal: options.signal,
      timeoutMs: DRY_RUN_TIMEOUT_MS,
      json: {
        configuration: {
          dryRun: true,
          query: {
            query: sql,
            useLegacySql: false,
            defaultDataset: {
              projectId: this.#settings.projectId,
              datasetId: this.#settings.dataset,
            },
            ...(params.length ? { parameterMode: "NAMED", queryParameters: params } : {}),
          },
        },
        ...(this.#settings.location ? { jobReference: { location: this.#settings.location } } : {}),
      },
    });
    return toDryRunFields(job, what);
  }

  async #results(
    job: { jobId: string; location?: string },
    { pageSize, signal }: QueryOptions,
    pageToken: string | undefined,
  ): Promise<QueryResponse> {
    const what = "jobs.getQueryResults";
    const body = await this.#request({
      method: "GET",
      path: `/queries/${encodeURIComponent(job.jobId)}`,
      what,
      signal,
      query: {
        "formatOptions.useInt64Timestamp": true,
        timeoutMs: SERVER_WAIT_MS,
        ...(job.location ? { location: job.location } : {}),
        ...(pageSize ? { maxResults: pageSize } : {}),
        ...(pageToken ? { pageToken } : {}),
      },
    });
    return toQueryResponse(body, what);
  }

  async #request(
    call: Omit<RestCall, "timeoutMs"> & { timeoutMs?: number },
  ): Promise<Record<string, unknown>> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#transport.send({ timeoutMs: REQUEST_TIMEOUT_MS, ...call });
      } catch (err) {
        const error = toBigQueryError(err);
        const base = RETRY_WAIT_MS[attempt];
        if (!error.transient || base === undefined) throw error;
        const ms = Math.max(base, error.retryAfterMs ?? 0);
        if (ms > MAX_IN_PLACE_WAIT_MS) throw error;
        await wait(ms, call.signal);
      }
    }
  }
}

/** Sleeps, or fails as cancelled at once when `signal` aborts. */
async function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  // Only an abort rejects, so `signal` is set here.
  await sleep(ms, signal).catch(() => Promise.reject(cancelled(signal as AbortSignal)));
}
