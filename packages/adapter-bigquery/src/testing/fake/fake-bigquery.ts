import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type BigQueryErrorBody, errorBody, type QueryScope, queryErrorBody } from "./errors.js";
import { GoogleSqlError, type QueryParameter } from "./googlesql.js";
import { MissingDatasetError, QueryEngine, type QueryOutcome } from "./query-engine.js";
import { encodeRow, type FieldText } from "./result-encoding.js";

export interface FakeBigQueryOptions {
  /** The PostgreSQL server that evaluates queries; the fake makes (and drops) a database there. */
  readonly postgresUrl?: string;
  /** The project the fake serves. Default "my-project". */
  readonly projectId?: string;
  /** The location jobs run in. Default "US". */
  readonly location?: string;
  /** Rows per result page when the request sets no `maxResults`. Default 10,000. */
  readonly defaultPageRows?: number;
}

export interface FakeBigQueryFailure {
  /** Matches `METHOD /path` (query excluded). Default: any request. */
  readonly match?: RegExp;
  /** Matches the request's JSON body text too (a query holding one value, say). */
  readonly bodyMatch?: RegExp;
  readonly status: number;
  readonly headers?: Record<string, string>;
  /** Default: BigQuery's error body for the status. */
  readonly body?: unknown;
  /** How many matching requests fail. Default 1. */
  times?: number;
}

export interface FakeBigQueryRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly body: unknown;
  readonly authorization: string | undefined;
}

interface Job {
  readonly id: string;
  readonly scope: QueryScope;
  readonly query: string;
  readonly outcome?: QueryOutcome;
  readonly error?: BigQueryErrorBody;
  /** `jobComplete: false` answers still to give. */
  incomplete: number;
}

/** Jobs kept for getQueryResults; older ones are forgotten (404), as expired results are. */
const MAX_JOBS = 200;

/**
 * A local BigQuery speaking the REST API v2 as `@google-cloud/bigquery` uses it, with a real
 * PostgreSQL evaluating the queries (GoogleSQL translated, see `googlesql.ts`):
 * - `POST /bigquery/v2/projects/{p}/queries` (jobs.query) with `defaultDataset`, named
 *   `queryParameters`, `maxResults`, `formatOptions.useInt64Timestamp`; the first answers say
 *   `jobComplete: false` while `incompleteAnswers` is set;
 * - `GET /bigquery/v2/projects/{p}/queries/{jobId}` (getQueryResults) with `pageToken`,
 *   `maxResults`, `startIndex`;
 * - `POST /bigquery/v2/projects/{p}/jobs` (a query job; `dryRun` describes it without running)
 *   and `GET .../jobs/{jobId}`;
 * - `POST .../datasets/{d}/tables/{t}/insertAll` with `insertId` de-duplication;
 * - `GET`/`POST .../datasets`;
 * - error bodies `{"error":{"code","message","errors":[{"reason",...}],"status"}}`, and failures
 *   on demand (`fail`), such as 503s, 429 `rateLimitExceeded` or 403 `quotaExceeded`.
 * @example
 * const fake = await FakeBigQuery.start({ postgresUrl });
 * await fake.exec("create schema events_ds; create table events_ds.events (id INT64)");
 * new BigQuery({ projectId: fake.projectId, apiEndpoint: fake.url, authClient: new PassThroughClient() });
 */
export class FakeBigQuery {
  readonly requests: FakeBigQueryRequest[] = [];
  /** Jobs answer `jobComplete: false` this many times before they are complete. */
  incompleteAnswers = 0;
  readonly #failures: FakeBigQueryFailure[] = [];
  readonly #jobs = new Map<string, Job>();
  readonly #insertIds = new Map<string, Set<string>>();
  readonly #server: Server;
  readonly #engine: QueryEngine;
  readonly #location: string;
  readonly #defaultPageRows: number;

  private constructor(server: Server, engine: QueryEngine, options: FakeBigQueryOptions) {
    this.#server = server;
    this.#engine = engine;
    this.#location = options.location ?? "US";
    this.#defaultPageRows = options.defaultPageRows ?? 10_000;
  }

  static async start(options: FakeBigQueryOptions = {}): Promise<FakeBigQuery> {
    const engine = await QueryEngine.open(
      options.postgresUrl ??
        process.env.LAKESYNC_TEST_PG_URL ??
        "postgres://postgres@127.0.0.1:55432/postgres",
      options.projectId ?? "my-project",
    );
    const server = createServer();
    const fake = new FakeBigQuery(server, engine, options);
    server.on("request", (req, res) => void fake.#handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return fake;
  }

  /** The `apiEndpoint` to give the client, e.g. `http://127.0.0.1:40123`. */
  get url(): string {
    const { port } = this.#server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  get projectId(): string {
    return this.#engine.projectId;
  }

  /**
   * Runs GoogleSQL directly (no HTTP), e.g. to create datasets and tables and seed rows;
   * unqualified names resolve in `dataset` when given.
   */
  async exec(googleSql: string, options: { dataset?: string } = {}): Promise<FieldText[][]> {
    return (await this.#engine.run({ query: googleSql, defaultDataset: options.dataset })).rows;
  }

  /** Makes the next matching requests fail. */
  fail(failure: FakeBigQueryFailure): void {
    this.#failures.push({ ...failure, times: failure.times ?? 1 });
  }

  /** Drops the failures still queued. */
  clearFailures(): void {
    this.#failures.length = 0;
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
    await this.#engine.close();
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://fake");
    const path = url.pathname;
    const query = Object.fromEntries(url.searchParams);
    let body: unknown;
    try {
      const text = await readBody(req);
      body = text === "" ? undefined : JSON.parse(text);
    } catch {
      return send(res, 400, errorBody(400, "parseError", "Parse Error"));
    }
    const method = req.method ?? "GET";
    this.requests.push({ method, path, query, body, authorization: req.headers.authorization });

    const failure = this.#failures.find(
      (f) =>
        (f.times ?? 0) > 0 &&
        (f.match?.test(`${method} ${path}`) ?? true) &&
        (f.bodyMatch?.test(JSON.stringify(body) ?? "") ?? true),
    );
    if (failure) {
      failure.times = (failure.times ?? 1) - 1;
      const fallback = errorBody(
        failure.status,
        reasonOf(failure.status),
        `Injected failure ${failure.status}`,
      );
      return send(res, failure.status, failure.body ?? fallback, failure.headers);
    }

    try {
      const answer = await this.#route(method, path, query, body);
      send(res, answer.status, answer.body);
    } catch (err) {
      send(res, 500, errorBody(500, "backendError", `An internal error occurred: ${String(err)}`));
    }
  }

  async #route(
    method: string,
    path: string,
    query: Record<string, string>,
    body: unknown,
  ): Promise<{ status: number; body: unknown }> {
    const m = /^\/bigquery\/v2\/projects\/([^/]+)(\/.*)?$/.exec(path);
    if (!m) return notFound(`Not found: URL ${path}`);
    const project = decodeURIComponent(m[1] as string);
    const rest = m[2] ?? "";
    if (project !== this.projectId) {
      return {
        status: 403,
        body: errorBody(
          403,
          "accessDenied",
          `Access Denied: Project ${project}: User does not have bigquery.jobs.create permission in project ${project}.`,
        ),
      };
    }
    const param = (re: RegExp, index = 1) => {
      const found = re.exec(rest)?.[index];
      return found === undefined ? undefined : decodeURIComponent(found);
    };
    if (method === "POST" && rest === "/queries") {
      const request = body as JobsQueryBody;
      return (
        this.#elsewhere(request?.location, request?.defaultDataset?.datasetId) ??
        this.#jobsQuery(request)
      );
    }
    const queryJob = param(/^\/queries\/([^/]+)$/);
    if (method === "GET" && queryJob !== undefined) {
      return this.#jobElsewhere(queryJob, query.location) ?? this.#getQueryResults(queryJob, query);
    }
    if (method === "POST" && rest === "/jobs") {
      const request = body as JobsInsertBody;
      return (
        this.#elsewhere(
          request?.jobReference?.location,
          request?.configuration?.query?.defaultDataset?.datasetId,
        ) ?? this.#jobsInsert(request)
      );
    }
    const jobId = param(/^\/jobs\/([^/]+)$/);
    if (method === "GET" && jobId !== undefined) {
      const elsewhere = this.#jobElsewhere(jobId, query.location);
      if (elsewhere) return elsewhere;
      const job = this.#jobs.get(jobId);
      return job ? { status: 200, body: this.#jobResource(job) } : this.#jobNotFound(jobId);
    }
    const insertAll = /^\/datasets\/([^/]+)\/tables\/([^/]+)\/insertAll$/;
    const insertDataset = param(insertAll, 1);
    const insertTable = param(insertAll, 2);
    if (method === "POST" && insertDataset !== undefined && insertTable !== undefined) {
      return this.#insertAll(insertDataset, insertTable, body as InsertAllBody);
    }
    const dataset = param(/^\/datasets\/([^/]+)$/);
    if (method === "GET" && dataset !== undefined) {
      if (!(await this.#engine.datasetExists(dataset))) return this.#datasetNotFound(dataset);
      return { status: 200, body: this.#datasetResource(dataset) };
    }
    if (rest === "/datasets" && method === "POST") {
      const dataset = (body as { datasetReference?: { datasetId?: string } })?.datasetReference
        ?.datasetId;
      if (!dataset)
        return { status: 400, body: errorBody(400, "invalid", "Dataset reference is missing") };
      if (await this.#engine.datasetExists(dataset)) {
        return {
          status: 409,
          body: errorBody(409, "duplicate", `Already Exists: Dataset ${this.projectId}:${dataset}`),
        };
      }
      await this.#engine.createDataset(dataset);
      return { status: 200, body: this.#datasetResource(dataset) };
    }
    return notFound(`Not found: URL ${path}`);
  }

  // BigQuery runs a job in the location it is given; the datasets of another are not found.
  #elsewhere(
    location: string | undefined,
    dataset: string | undefined,
  ): { status: number; body: unknown } | null {
    if (!location || sameLocation(location, this.#location) || !dataset) return null;
    return notFound(
      `Not found: Dataset ${this.projectId}:${dataset} was not found in location ${location}`,
    );
  }

  // Jobs are looked up in the location given (`?location=`): elsewhere there is none.
  #jobElsewhere(
    jobId: string,
    location: string | undefined,
  ): { status: number; body: unknown } | null {
    if (!location || sameLocation(location, this.#location)) return null;
    return notFound(`Not found: Job ${this.projectId}:${location}.${jobId}`);
  }

  async #runJob(request: {
    query: string;
    parameters?: readonly QueryParameter[];
    defaultDataset?: string;
  }): Promise<Job> {
    const scope: QueryScope = {
      projectId: this.projectId,
      defaultDataset: request.defaultDataset,
      location: this.#location,
    };
    const id = `job_${randomBytes(12).toString("base64url")}`;
    let job: Job;
    try {
      const outcome = await this.#engine.run({
        query: request.query,
        parameters: request.parameters ?? [],
        defaultDataset: request.defaultDataset,
      });
      job = { id, scope, query: request.query, outcome, incomplete: this.incompleteAnswers };
    } catch (err) {
      job = {
        id,
        scope,
        query: request.query,
        error: this.#errorOf(err, scope),
        incomplete: this.incompleteAnswers,
      };
    }
    this.#jobs.set(id, job);
    if (this.#jobs.size > MAX_JOBS) this.#jobs.delete(this.#jobs.keys().next().value as string);
    return job;
  }

  async #jobsQuery(body: JobsQueryBody): Promise<{ status: number; body: unknown }> {
    if (!body || typeof body.query !== "string") {
      return {
        status: 400,
        body: errorBody(400, "invalid", "Required parameter is missing: query"),
      };
    }
    if (body.useLegacySql === true) {
      return {
        status: 400,
        body: errorBody(400, "invalid", "The fake speaks GoogleSQL only (useLegacySql: false)"),
      };
    }
    const job = await this.#runJob({
      query: body.query,
      parameters: body.queryParameters ?? [],
      ...(body.defaultDataset ? { defaultDataset: body.defaultDataset.datasetId } : {}),
    });
    return this.#results(job, {
      maxResults: body.maxResults,
      int64Timestamps: body.formatOptions?.useInt64Timestamp === true,
      kind: "bigquery#queryResponse",
    });
  }

  #getQueryResults(
    jobId: string,
    query: Record<string, string>,
  ): { status: number; body: unknown } {
    const job = this.#jobs.get(jobId);
    if (!job) return this.#jobNotFound(jobId);
    let offset = Number(query.startIndex ?? 0);
    if (query.pageToken) {
      const [tokenJob, tokenOffset] = Buffer.from(query.pageToken, "base64url")
        .toString()
        .split(":");
      if (tokenJob !== jobId || !/^\d+$/.test(tokenOffset ?? "")) {
        return { status: 400, body: errorBody(400, "invalid", "Invalid page token") };
      }
      offset = Number(tokenOffset);
    }
    return this.#results(job, {
      maxResults: query.maxResults === undefined ? undefined : Number(query.maxResults),
      int64Timestamps: query["formatOptions.useInt64Timestamp"] === "true",
      kind: "bigquery#getQueryResultsResponse",
      offset,
    });
  }

  #results(
    job: Job,
    options: {
      maxResults: number | undefined;
      int64Timestamps: boolean;
      kind: string;
      offset?: number;
    },
  ): { status: number; body: unknown } {
    const jobReference = { projectId: this.projectId, jobId: job.id, location: this.#location };
    if (job.incomplete > 0) {
      job.incomplete -= 1;
      return { status: 200, body: { kind: options.kind, jobReference, jobComplete: false } };
    }
    if (job.error) return { status: job.error.error.code, body: job.error };
    const outcome = job.outcome as QueryOutcome;
    const offset = options.offset ?? 0;
    const size = Math.max(0, options.maxResults ?? this.#defaultPageRows);
    const page = outcome.rows.slice(offset, offset + size);
    const next = offset + page.length;
    const fields = outcome.schema ?? [];
    return {
      status: 200,
      body: {
        kind: options.kind,
        jobReference,
        jobComplete: true,
        cacheHit: false,
        totalBytesProcessed: "0",
        ...(outcome.schema ? { schema: { fields }, totalRows: String(outcome.rows.length) } : {}),
        ...(page.length > 0
          ? { rows: page.map((row) => encodeRow(row, fields, options.int64Timestamps)) }
          : {}),
        ...(next < outcome.rows.length
          ? { pageToken: Buffer.from(`${job.id}:${next}`).toString("base64url") }
          : {}),
        ...(outcome.numDmlAffectedRows !== undefined
          ? { numDmlAffectedRows: String(outcome.numDmlAffectedRows) }
          : {}),
      },
    };
  }

  async #jobsInsert(body: JobsInsertBody): Promise<{ status: number; body: unknown }> {
    const config = body?.configuration?.query;
    if (!config || typeof config.query !== "string") {
      return {
        status: 400,
        body: errorBody(400, "invalid", "Only query jobs are supported by this fake"),
      };
    }
    const defaultDataset = config.defaultDataset?.datasetId;
    const request = {
      query: config.query,
      parameters: config.queryParameters ?? [],
      ...(defaultDataset ? { defaultDataset } : {}),
    };
    if (body.configuration?.dryRun) {
      const scope = { projectId: this.projectId, defaultDataset, location: this.#location };
      try {
        const described = await this.#engine.dryRun(request);
        return {
          status: 200,
          body: {
            kind: "bigquery#job",
            jobReference: { projectId: this.projectId, location: this.#location },
            configuration: body.configuration,
            status: { state: "DONE" },
            statistics: {
              totalBytesProcessed: "0",
              query: {
                totalBytesProcessed: "0",
                statementType: described.statementType,
                ...(described.schema ? { schema: { fields: described.schema } } : {}),
              },
            },
          },
        };
      } catch (err) {
        const error = this.#errorOf(err, scope);
        return { status: error.error.code, body: error };
      }
    }
    const job = await this.#runJob(request);
    return { status: 200, body: this.#jobResource(job) };
  }

  #jobResource(job: Job): unknown {
    const done = job.incomplete <= 0;
    return {
      kind: "bigquery#job",
      id: `${this.projectId}:${this.#location}.${job.id}`,
      jobReference: { projectId: this.projectId, jobId: job.id, location: this.#location },
      configuration: { query: { query: job.query, useLegacySql: false } },
      status: done
        ? {
            state: "DONE",
            ...(job.error
              ? { errorResult: job.error.error.errors[0], errors: job.error.error.errors }
              : {}),
          }
        : { state: "RUNNING" },
      statistics: { query: { statementType: job.outcome?.statementType ?? "SELECT" } },
    };
  }

  async #insertAll(
    dataset: string,
    table: string,
    body: InsertAllBody,
  ): Promise<{ status: number; body: unknown }> {
    if (!(await this.#engine.datasetExists(dataset))) return this.#datasetNotFound(dataset);
    const fields = await this.#engine.tableFields(dataset, table);
    if (!fields) {
      return notFound(`Not found: Table ${this.projectId}:${dataset}.${table}`);
    }
    const names = new Set(fields.map((f) => f.name));
    const seen = this.#insertIds.get(`${dataset}.${table}`) ?? new Set<string>();
    this.#insertIds.set(`${dataset}.${table}`, seen);
    const insertErrors: { index: number; errors: { reason: string; message: string }[] }[] = [];
    const accepted: Record<string, unknown>[] = [];
    for (const [index, row] of (body?.rows ?? []).entries()) {
      const unknown = Object.keys(row.json ?? {}).find((k) => !names.has(k));
      if (unknown !== undefined && !body.ignoreUnknownValues) {
        insertErrors.push({
          index,
          errors: [{ reason: "invalid", message: `no such field: ${unknown}.` }],
        });
        continue;
      }
      if (row.insertId !== undefined && seen.has(row.insertId)) continue;
      accepted.push(row.json ?? {});
      if (row.insertId !== undefined) seen.add(row.insertId);
    }
    // BigQuery writes no row of a request with an invalid row unless skipInvalidRows is set.
    if (insertErrors.length === 0 || body.skipInvalidRows) {
      try {
        if (accepted.length > 0) await this.#engine.insertJson(dataset, table, accepted);
      } catch (err) {
        const scope = {
          projectId: this.projectId,
          defaultDataset: dataset,
          location: this.#location,
        };
        const error = this.#errorOf(err, scope);
        return { status: error.error.code, body: error };
      }
    } else {
      for (const [index] of (body?.rows ?? []).entries()) {
        if (!insertErrors.some((e) => e.index === index)) {
          insertErrors.push({ index, errors: [{ reason: "stopped", message: "" }] });
        }
      }
    }
    return {
      status: 200,
      body: {
        kind: "bigquery#tableDataInsertAllResponse",
        ...(insertErrors.length > 0
          ? { insertErrors: insertErrors.sort((a, b) => a.index - b.index) }
          : {}),
      },
    };
  }

  #errorOf(err: unknown, scope: QueryScope): BigQueryErrorBody {
    if (err instanceof GoogleSqlError) return errorBody(400, "invalidQuery", err.message);
    if (err instanceof MissingDatasetError) {
      return errorBody(
        404,
        "notFound",
        `Not found: Dataset ${this.projectId}:${err.dataset} was not found in location ${this.#location}`,
      );
    }
    return queryErrorBody(err, scope);
  }

  #datasetResource(dataset: string): unknown {
    return {
      kind: "bigquery#dataset",
      id: `${this.projectId}:${dataset}`,
      datasetReference: { projectId: this.projectId, datasetId: dataset },
      location: this.#location,
    };
  }

  #datasetNotFound(dataset: string) {
    return notFound(`Not found: Dataset ${this.projectId}:${dataset}`);
  }

  #jobNotFound(jobId: string) {
    return notFound(`Not found: Job ${this.projectId}:${this.#location}.${jobId}`);
  }
}

/** Location names compare without case: `US` and `us` are one location. */
function sameLocation(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

interface JobsQueryBody {
  query: string;
  location?: string;
  useLegacySql?: boolean;
  maxResults?: number;
  defaultDataset?: { projectId?: string; datasetId: string };
  queryParameters?: QueryParameter[];
  formatOptions?: { useInt64Timestamp?: boolean };
}

interface JobsInsertBody {
  jobReference?: { jobId?: string; location?: string };
  configuration?: {
    dryRun?: boolean;
    query?: {
      query: string;
      defaultDataset?: { datasetId: string };
      queryParameters?: QueryParameter[];
    };
  };
}

interface InsertAllBody {
  rows?: { insertId?: string; json?: Record<string, unknown> }[];
  skipInvalidRows?: boolean;
  ignoreUnknownValues?: boolean;
}

function notFound(message: string) {
  return { status: 404, body: errorBody(404, "notFound", message) };
}

function reasonOf(status: number): string {
  if (status === 429) return "rateLimitExceeded";
  if (status === 403) return "quotaExceeded";
  if (status >= 500) return "backendError";
  return "invalid";
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "content-type": "application/json; charset=UTF-8", ...headers });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
