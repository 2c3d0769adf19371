import { matches, namedFields, parseSoql, SoqlError, type SoqlValue } from "./soql-eval.js";

/**
 * A fake Salesforce (OAuth token endpoint + REST API) for tests, as a fetch handler:
 * `POST /services/oauth2/token` (form-encoded username-password flow, JSON answers,
 * `{"error","error_description"}` failures), `GET /services/data/vXX.X/query|queryAll?q=` with a
 * SOQL subset, `nextRecordsUrl` paging (2,000 per page, smaller on demand), Bearer sessions that
 * can expire (401 `INVALID_SESSION_ID`), REST error bodies `[{"message","errorCode"}]`, and
 * failures on demand (503 with `Retry-After`, 403 `REQUEST_LIMIT_EXCEEDED`, 5xx).
 * Pass `fake.fetch` as the connector's `fetch`, or serve `fake.handle` over HTTP.
 */

/** A record as stored: API field names; date-times (`CreatedDate`, ...) as epoch ms. */
export type FakeRecord = Readonly<Record<string, SoqlValue>> & { readonly Id: string };

export interface FakeFailure {
  /** Matches `METHOD /path` (query excluded). Default: any request. */
  readonly match?: RegExp;
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
  /** How many matching requests fail. Default 1. */
  times?: number;
  /** Let this many matching requests through first. Default 0. */
  after?: number;
}

export interface FakeRequest {
  readonly method: string;
  readonly url: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly headers: Record<string, string>;
  /** The parsed form of a token request. */
  readonly form: Record<string, string> | null;
}

export interface FakeSalesforceOptions {
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly username?: string;
  readonly password?: string;
  readonly instanceUrl?: string;
  /** Records per query page (Salesforce's default and maximum is 2,000). */
  readonly pageSize?: number;
}

const DATETIME_FIELDS = new Set(["CreatedDate", "LastModifiedDate", "SystemModstamp"]);
const COMMON = ["Id", "IsDeleted", "OwnerId", "Owner.Name", ...DATETIME_FIELDS];
const ADDRESS = (p: string) =>
  ["Street", "City", "State", "PostalCode", "Country"].map((f) => p + f);

/** The fields each object has (what the fake validates SELECT and WHERE against). */
export const FAKE_OBJECT_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Account: [
    ...COMMON,
    ...["Name", "Type", "Industry", "Website", "Phone", "AnnualRevenue", "NumberOfEmployees"],
    ...ADDRESS("Billing"),
  ],
  Contact: [
    ...COMMON,
    ...["Name", "FirstName", "LastName", "Email", "Phone", "Title", "AccountId", "LeadSource"],
    ...ADDRESS("Mailing"),
  ],
  Opportunity: [
    ...COMMON,
    ...["Name", "StageName", "Amount", "CloseDate", "Probability", "AccountId", "Type"],
    ...["LeadSource", "IsClosed", "IsWon"],
  ],
  Lead: [
    ...COMMON,
    ...["Name", "FirstName", "LastName", "Company", "Email", "Phone", "Title", "Status"],
    ...["LeadSource", "Industry", "IsConverted", "ConvertedAccountId", "ConvertedContactId"],
    "ConvertedOpportunityId",
  ],
};

const ID_PREFIX: Record<string, string> = {
  Account: "001",
  Contact: "003",
  Opportunity: "006",
  Lead: "00Q",
  User: "005",
};

interface Locator {
  readonly object: string;
  readonly fields: readonly string[];
  readonly records: readonly FakeRecord[];
}

export class FakeSalesforce {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly username: string;
  readonly password: string;
  instanceUrl: string;
  pageSize: number;
  readonly requests: FakeRequest[] = [];
  /** Records by object, then by Id. */
  readonly objects = new Map<string, Map<string, FakeRecord>>();
  /** User names by Id (`Owner.Name`). */
  readonly users = new Map<string, string>();
  readonly #tokens = new Set<string>();
  readonly #failures: FakeFailure[] = [];
  readonly #locators = new Map<string, Locator>();
  #expireAfterQueries: number | null = null;
  #nextId = 1;
  #nextLocator = 1;

  constructor(options: FakeSalesforceOptions = {}) {
    this.clientId = options.clientId ?? "3MVG9fakeConsumerKey";
    this.clientSecret = options.clientSecret ?? "FAKE-CONSUMER-SECRET-0042";
    this.username = options.username ?? "bot@example.com";
    this.password = options.password ?? "Hunter2pw!SECTOKEN123";
    this.instanceUrl = options.instanceUrl ?? "https://fake.my.salesforce.com";
    this.pageSize = options.pageSize ?? 2000;
    for (const object of Object.keys(FAKE_OBJECT_FIELDS)) this.objects.set(object, new Map());
    this.addUser("Ada Admin");
  }

  /** Adds a user (a record owner); returns its Id. */
  addUser(name: string): string {
    const id = this.#id("User");
    this.users.set(id, name);
    return id;
  }

  /** The Id of the first user with that name. */
  userId(name: string): string {
    for (const [id, n] of this.users) if (n === name) return id;
    throw new Error(`no user ${name}`);
  }

  /**
   * Adds or replaces a record (a new object each time, as a save does). `LastModifiedDate`
   * (epoch ms) is required; the owner defaults to the first user, `CreatedDate` to it.
   */
  put(
    object: string,
    fields: Record<string, SoqlValue> & { LastModifiedDate: number; Id?: string },
  ): FakeRecord {
    const records = this.#object(object);
    const id = fields.Id ?? this.#id(object);
    const existing = records.get(id);
    const record = {
      IsDeleted: false,
      OwnerId: [...this.users.keys()][0] ?? null,
      CreatedDate: fields.LastModifiedDate,
      SystemModstamp: fields.LastModifiedDate,
      ...existing,
      ...fields,
      Id: id,
    } as FakeRecord;
    records.set(id, record);
    return record;
  }

  /** Moves a record to the recycle bin: `IsDeleted = true`, `LastModifiedDate = at`. */
  delete(object: string, id: string, at: number): void {
    const record = this.#object(object).get(id);
    if (!record) throw new Error(`no ${object} ${id}`);
    this.put(object, { ...record, IsDeleted: true, LastModifiedDate: at, SystemModstamp: at });
  }

  /** Makes the next matching request(s) fail as given. */
  fail(failure: FakeFailure): void {
    this.#failures.push({ ...failure, times: failure.times ?? 1, after: failure.after ?? 0 });
  }

  /** A 503 with `Retry-After` (delay-seconds or an HTTP date), as Salesforce sends under load. */
  unavailable(options: {
    retryAfter: string;
    match?: RegExp;
    after?: number;
    times?: number;
  }): void {
    this.fail({
      ...(options.match ? { match: options.match } : {}),
      ...(options.after !== undefined ? { after: options.after } : {}),
      ...(options.times !== undefined ? { times: options.times } : {}),
      status: 503,
      headers: { "Retry-After": options.retryAfter },
      body: [{ message: "Server Unavailable", errorCode: "SERVER_UNAVAILABLE" }],
    });
  }

  /** The org's rolling 24-hour API limit is used up: 403 `REQUEST_LIMIT_EXCEEDED`. */
  limitExceeded(options: { match?: RegExp; after?: number; times?: number } = {}): void {
    this.fail({
      ...options,
      status: 403,
      body: [{ message: "TotalRequests Limit exceeded.", errorCode: "REQUEST_LIMIT_EXCEEDED" }],
    });
  }

  /** Invalidates every session now, or once `afterQueries` more query requests succeeded. */
  expireSessions(afterQueries = 0): void {
    if (afterQueries === 0) this.#tokens.clear();
    else this.#expireAfterQueries = afterQueries;
  }

  /** Token requests so far. */
  get logins(): FakeRequest[] {
    return this.requests.filter((r) => r.path === "/services/oauth2/token");
  }

  /** The SOQL of every query request (not the `nextRecordsUrl` pages), in order. */
  get queries(): string[] {
    return this.requests.filter((r) => r.query.q !== undefined).map((r) => r.query.q ?? "");
  }

  /** The handler: a `fetch` look-alike. */
  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> =>
    this.handle(new Request(input, init));

  async handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const path = url.pathname;
    const headers: Record<string, string> = {};
    request.headers.forEach((value, key) => {
      headers[key] = value;
    });
    let form: Record<string, string> | null = null;
    if (request.method === "POST") {
      const text = await request.text();
      form = headers["content-type"]?.startsWith("application/x-www-form-urlencoded")
        ? Object.fromEntries(new URLSearchParams(text))
        : null;
    }
    const query = Object.fromEntries(url.searchParams);
    this.requests.push({ method: request.method, url: request.url, path, query, headers, form });

    const failure = this.#takeFailure(`${request.method} ${path}`);
    if (failure) {
      return json(
        failure.status,
        failure.body ?? [{ message: "Failure", errorCode: "UNKNOWN_EXCEPTION" }],
        failure.headers,
      );
    }
    if (path === "/services/oauth2/token") {
      if (request.method !== "POST")
        return json(405, { error: "invalid_request", error_description: "must use HTTP POST" });
      return this.#token(form);
    }
    const rest =
      /^\/services\/data\/v(\d+\.\d)\/(query|queryAll)(?:\/([A-Za-z0-9]+)-(\d+))?\/?$/.exec(path);
    if (!rest || request.method !== "GET") {
      return json(404, [
        { errorCode: "NOT_FOUND", message: "The requested resource does not exist" },
      ]);
    }
    if (this.#expireAfterQueries === 0) {
      this.#expireAfterQueries = null;
      this.#tokens.clear();
    }
    const token = /^Bearer (.+)$/.exec(headers.authorization ?? "")?.[1];
    if (token === undefined || !this.#tokens.has(token)) {
      return json(401, [
        { message: "Session expired or invalid", errorCode: "INVALID_SESSION_ID" },
      ]);
    }
    if (this.#expireAfterQueries !== null) this.#expireAfterQueries -= 1;
    const version = rest[1] ?? "62.0";
    const batch = Number(
      /batchSize=(\d+)/.exec(headers["sforce-query-options"] ?? "")?.[1] ?? 2000,
    );
    const size = Math.max(1, Math.min(this.pageSize, batch, 2000));
    if (rest[3] !== undefined) return this.#page(version, rest[3], Number(rest[4]), size);
    try {
      return this.#query(version, query.q ?? "", rest[2] === "queryAll", size);
    } catch (error) {
      if (error instanceof SoqlError)
        return json(400, [{ message: error.message, errorCode: error.errorCode }]);
      throw error;
    }
  }

  #token(form: Record<string, string> | null): Response {
    if (!form)
      return json(400, {
        error: "invalid_request",
        error_description: "request body must be form-encoded",
      });
    if (form.grant_type !== "password") {
      return json(400, {
        error: "unsupported_grant_type",
        error_description: "grant type not supported",
      });
    }
    if (form.client_id !== this.clientId) {
      return json(400, {
        error: "invalid_client_id",
        error_description: "client identifier invalid",
      });
    }
    if (form.client_secret !== this.clientSecret) {
      return json(400, {
        error: "invalid_client",
        error_description: "invalid client credentials",
      });
    }
    if (form.username !== this.username || form.password !== this.password) {
      return json(400, { error: "invalid_grant", error_description: "authentication failure" });
    }
    const token = `00DFAKE000000001!AQ${Math.random().toString(36).slice(2)}${this.#tokens.size}`;
    this.#tokens.add(token);
    return json(200, {
      access_token: token,
      instance_url: this.instanceUrl,
      id: `https://login.salesforce.com/id/00DFAKE000000001AAA/${[...this.users.keys()][0]}`,
      token_type: "Bearer",
      issued_at: String(Date.now()),
      signature: btoa(`sig-${token.length}-${this.#tokens.size}`),
    });
  }

  #query(version: string, soql: string, all: boolean, size: number): Response {
    const parsed = parseSoql(soql);
    const object = canonical(Object.keys(FAKE_OBJECT_FIELDS), parsed.object);
    if (!object) {
      throw new SoqlError(
        "INVALID_TYPE",
        `\n${soql.slice(0, 60)}\n^\nERROR at Row:1:Column:1\nsObject type '${parsed.object}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name.`,
      );
    }
    const known = FAKE_OBJECT_FIELDS[object] ?? [];
    for (const name of namedFields(parsed)) {
      if (!canonical(known, name)) {
        throw new SoqlError(
          "INVALID_FIELD",
          `\n${soql.slice(0, 60)}\n^\nERROR at Row:1:Column:1\nNo such column '${name}' on entity '${object}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
        );
      }
    }
    const fields = parsed.fields.map((f) => canonical(known, f) ?? f);
    const read = (record: FakeRecord) => (name: string) =>
      this.#read(record, canonical(known, name) ?? name);
    let rows = [...this.#object(object).values()].filter(
      (r) => (all || r.IsDeleted !== true) && matches(parsed.where, read(r)),
    );
    const order = parsed.orderBy.map((o) => ({
      field: canonical(known, o.field) ?? o.field,
      desc: o.desc,
    }));
    rows.sort((a, b) => {
      for (const { field, desc } of order) {
        const va = this.#read(a, field);
        const vb = this.#read(b, field);
        if (va === vb) continue;
        // Nulls first on ASC, as Salesforce does by default.
        const cmp = va === null ? -1 : vb === null ? 1 : va < vb ? -1 : 1;
        return desc ? -cmp : cmp;
      }
      // Ties in an order Salesforce does not promise: here, Id descending.
      return a.Id < b.Id ? 1 : a.Id > b.Id ? -1 : 0;
    });
    if (parsed.limit !== null) rows = rows.slice(0, parsed.limit);
    const locator = `01gFAKE${String(this.#nextLocator++).padStart(8, "0")}`;
    this.#locators.set(locator, { object, fields, records: rows });
    return this.#page(version, locator, 0, size);
  }

  #page(version: string, locator: string, offset: number, size: number): Response {
    const cursor = this.#locators.get(locator);
    if (!cursor) {
      return json(400, [{ message: "invalid query locator", errorCode: "INVALID_QUERY_LOCATOR" }]);
    }
    const page = cursor.records.slice(offset, offset + size);
    const next = offset + page.length;
    const done = next >= cursor.records.length;
    if (done) this.#locators.delete(locator);
    return json(200, {
      totalSize: cursor.records.length,
      done,
      ...(done ? {} : { nextRecordsUrl: `/services/data/v${version}/query/${locator}-${next}` }),
      records: page.map((r) => this.#recordJson(version, cursor.object, cursor.fields, r)),
    });
  }

  #recordJson(
    version: string,
    object: string,
    fields: readonly string[],
    record: FakeRecord,
  ): unknown {
    const out: Record<string, unknown> = {
      attributes: {
        type: object,
        url: `/services/data/v${version}/sobjects/${object}/${record.Id}`,
      },
    };
    for (const field of fields) {
      if (field === "Owner.Name") {
        const ownerId = record.OwnerId;
        out.Owner =
          typeof ownerId === "string"
            ? {
                attributes: {
                  type: "User",
                  url: `/services/data/v${version}/sobjects/User/${ownerId}`,
                },
                Name: this.users.get(ownerId) ?? null,
              }
            : null;
        continue;
      }
      const value = record[field] ?? null;
      out[field] =
        DATETIME_FIELDS.has(field) && typeof value === "number" ? salesforceTime(value) : value;
    }
    return out;
  }

  #read(record: FakeRecord, field: string): SoqlValue {
    if (field === "Owner.Name") {
      const ownerId = record.OwnerId;
      return typeof ownerId === "string" ? (this.users.get(ownerId) ?? null) : null;
    }
    return record[field] ?? null;
  }

  #takeFailure(what: string): FakeFailure | undefined {
    const index = this.#failures.findIndex((f) => !f.match || f.match.test(what));
    const failure = this.#failures[index];
    if (!failure) return undefined;
    if ((failure.after ?? 0) > 0) {
      failure.after = (failure.after ?? 0) - 1;
      return undefined;
    }
    failure.times = (failure.times ?? 1) - 1;
    if (failure.times <= 0) this.#failures.splice(index, 1);
    return failure;
  }

  #object(object: string): Map<string, FakeRecord> {
    const records = this.objects.get(object);
    if (!records) throw new Error(`no object ${object}`);
    return records;
  }

  #id(object: string): string {
    const n = this.#nextId++;
    return `${ID_PREFIX[object] ?? "a00"}5g${String(n).padStart(10, "0")}AAE`;
  }
}

/** The field of `names` a (case-insensitive) SOQL name refers to, in its canonical case. */
function canonical(names: readonly string[], name: string): string | undefined {
  const lower = name.toLowerCase();
  return names.find((n) => n.toLowerCase() === lower);
}

/** Salesforce's date-time format in JSON: `2024-01-15T10:30:00.000+0000`. */
export function salesforceTime(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "+0000");
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json;charset=UTF-8", ...headers },
  });
}
