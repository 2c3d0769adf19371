import { type RowDelta, salesforceOutputTables } from "@lakesync/core";
import { SyncGateway } from "@lakesync/gateway";
import { describe, expect, it } from "vitest";
import { SALESFORCE_ENTITIES, type SalesforceIncludeFlag } from "../entities.js";
import { FakeSalesforce } from "../testing/fake-salesforce.js";
import {
  FlushCountingTarget,
  fakeConfig,
  MemoryStateStore,
  MIN,
  materialize,
  pullAll,
  setup,
  T0,
} from "../testing/harness.js";
import { createSalesforcePoller } from "./salesforce-poller.js";
import { stateKeys } from "./state-keys.js";

const SEC = 1000;

/** Two accounts, a contact, an opportunity and a lead, owned by Ada or Bob. */
function seed(fake: FakeSalesforce) {
  const bob = fake.addUser("Bob Sales");
  const acme = fake.put("Account", {
    Name: "Acme",
    Type: "Customer",
    Industry: "Tech",
    Website: "https://acme.example",
    Phone: "+1 555 0100",
    BillingStreet: "1 Main St",
    BillingCity: "Springfield",
    BillingState: "IL",
    BillingPostalCode: "62701",
    BillingCountry: "USA",
    AnnualRevenue: 1_250_000.5,
    NumberOfEmployees: 42,
    OwnerId: bob,
    CreatedDate: T0 - 86_400_000,
    LastModifiedDate: T0,
  });
  const globex = fake.put("Account", {
    Name: "Globex",
    Type: "Prospect",
    Industry: "Retail",
    LastModifiedDate: T0 + MIN,
  });
  const jane = fake.put("Contact", {
    FirstName: "Jane",
    LastName: "Doe",
    Email: "jane@acme.example",
    Title: "CTO",
    AccountId: acme.Id,
    MailingCity: "Springfield",
    OwnerId: bob,
    LastModifiedDate: T0 + 2 * MIN,
  });
  const deal = fake.put("Opportunity", {
    Name: "Acme renewal",
    StageName: "Prospecting",
    Amount: 50_000,
    CloseDate: "2024-03-31",
    Probability: 10,
    AccountId: acme.Id,
    Type: "Existing Customer - Upgrade",
    LeadSource: "Web",
    IsClosed: false,
    IsWon: false,
    LastModifiedDate: T0 + 3 * MIN,
  });
  const lead = fake.put("Lead", {
    FirstName: "Sam",
    LastName: "Lee",
    Company: "Initech",
    Email: "sam@initech.example",
    Status: "Open - Not Contacted",
    LeadSource: "Partner",
    Industry: "Tech",
    IsConverted: false,
    LastModifiedDate: T0 + 4 * MIN,
  });
  return { bob, acme, globex, jane, deal, lead };
}

const ops = (deltas: readonly RowDelta[]) =>
  deltas.map((d) => `${d.op} ${d.table} ${d.rowId}`).sort();
const columnsOf = (table: string) =>
  (salesforceOutputTables.find((t) => t.table === table)?.columns ?? []).map((c) => c.name).sort();
const FLAGS: readonly SalesforceIncludeFlag[] = SALESFORCE_ENTITIES.map((e) => e.flag);

describe("Salesforce poller into a SyncGateway", () => {
  it("takes everything on the first poll, with core's tables, columns, Id row ids and owner_name", async () => {
    const s = setup();
    const { acme, jane, deal, lead } = seed(s.fake);
    const progress: number[] = [];
    const result = await s
      .poller({}, { chunkSize: 2, onProgress: (p) => progress.push(p.deltasPushed) })
      .poll();
    expect(result).toEqual({ ok: true, value: { deltasPushed: 5 } });
    // The host hears the count after each accepted chunk, the last one included.
    expect(progress.at(-1)).toBe(5);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.length).toBeGreaterThanOrEqual(3);

    // One form-encoded username-password login.
    expect(s.fake.logins.length).toBe(1);
    expect(s.fake.logins[0]?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(s.fake.logins[0]?.form).toEqual({
      grant_type: "password",
      client_id: s.fake.clientId,
      client_secret: s.fake.clientSecret,
      username: s.fake.username,
      password: s.fake.password,
    });
    // One queryAll per entity, with the session, everything, oldest first.
    const queries = s.fake.requests.filter((r) => r.query.q !== undefined);
    expect(queries.map((r) => r.path)).toEqual(Array(4).fill("/services/data/v62.0/queryAll"));
    expect(queries[0]?.headers.authorization).toMatch(/^Bearer 00DFAKE/);
    expect(s.fake.queries[0]).toBe(
      "SELECT Id, IsDeleted, Name, Type, Industry, Website, Phone, BillingStreet, BillingCity, BillingState, BillingPostalCode, BillingCountry, AnnualRevenue, NumberOfEmployees, OwnerId, Owner.Name, CreatedDate, LastModifiedDate FROM Account ORDER BY LastModifiedDate ASC",
    );

    const tables = materialize((await pullAll(s.gateway)).deltas);
    expect([...tables.keys()].sort()).toEqual([
      "sf_accounts",
      "sf_contacts",
      "sf_leads",
      "sf_opportunities",
    ]);
    expect(tables.get("sf_accounts")?.get(acme.Id)).toEqual({
      name: "Acme",
      type: "Customer",
      industry: "Tech",
      website: "https://acme.example",
      phone: "+1 555 0100",
      billing_street: "1 Main St",
      billing_city: "Springfield",
      billing_state: "IL",
      billing_postal_code: "62701",
      billing_country: "USA",
      annual_revenue: 1_250_000.5,
      number_of_employees: 42,
      owner_id: acme.OwnerId,
      owner_name: "Bob Sales",
      created_date: "2024-01-14T10:00:00.000Z",
      last_modified_date: "2024-01-15T10:00:00.000Z",
    });
    expect(tables.get("sf_contacts")?.get(jane.Id)).toMatchObject({
      first_name: "Jane",
      last_name: "Doe",
      account_id: acme.Id,
      mailing_city: "Springfield",
      mailing_country: null,
      owner_name: "Bob Sales",
    });
    expect(tables.get("sf_opportunities")?.get(deal.Id)).toMatchObject({
      stage_name: "Prospecting",
      amount: 50_000,
      close_date: "2024-03-31",
      probability: 10,
      is_closed: false,
      is_won: false,
      owner_name: "Ada Admin",
    });
    expect(tables.get("sf_leads")?.get(lead.Id)).toMatchObject({
      company: "Initech",
      status: "Open - Not Contacted",
      is_converted: false,
      converted_account_id: null,
      converted_contact_id: null,
      converted_opportunity_id: null,
    });
    for (const [table, rows] of tables) {
      for (const row of rows.values())
        expect(Object.keys(row).sort(), table).toEqual(columnsOf(table));
    }
    expect(acme.Id).toMatch(/^001/);
    expect(lead.Id).toMatch(/^00Q/);
  });

  describe("include flags", () => {
    const combos = Array.from({ length: 16 }, (_, n) =>
      Object.fromEntries(FLAGS.map((flag, i) => [flag, (n & (1 << i)) !== 0])),
    ) as Array<Record<SalesforceIncludeFlag, boolean>>;
    it.each(combos)("syncs exactly the enabled entities: %o", async (flags) => {
      const s = setup();
      seed(s.fake);
      const result = await s.poller(flags).poll();
      expect(result.ok).toBe(true);
      const enabled = SALESFORCE_ENTITIES.filter((e) => flags[e.flag]);
      const tables = materialize(await s.newDeltas());
      expect([...tables.keys()].sort()).toEqual(enabled.map((e) => e.schema.table).sort());
      expect(s.fake.queries.map((q) => /FROM (\w+)/.exec(q)?.[1])).toEqual(
        enabled.map((e) => e.sobject),
      );
      expect([...s.state.data.keys()].sort()).toEqual(
        enabled.map((e) => stateKeys.cursor(e.schema.table)).sort(),
      );
    });
  });

  it("repairs a lone surrogate escaped in Salesforce's JSON, which no store could hold", async () => {
    const s = setup();
    const odd = s.fake.put("Account", { Name: "Acme \udc00", LastModifiedDate: T0 });
    const result = await s.poller().poll();
    expect(result).toEqual({ ok: true, value: { deltasPushed: 1 } });
    const tables = materialize((await pullAll(s.gateway)).deltas);
    expect(tables.get("sf_accounts")?.get(odd.Id)?.name).toBe("Acme \ufffd");
  });

  it("asks from the cursor on the next poll and emits only what changed, once", async () => {
    const s = setup();
    const { globex, deal } = seed(s.fake);
    const poller = s.poller();
    await poller.poll();
    await s.newDeltas();

    s.fake.put("Account", { ...globex, Type: "Customer", LastModifiedDate: T0 + 10 * MIN });
    s.fake.put("Opportunity", {
      ...deal,
      StageName: "Closed Won",
      IsClosed: true,
      IsWon: true,
      LastModifiedDate: T0 + 11 * MIN,
    });
    expect((await poller.poll()).ok).toBe(true);
    const deltas = await s.newDeltas();
    expect(ops(deltas)).toEqual([
      `INSERT sf_accounts ${globex.Id}`,
      `INSERT sf_opportunities ${deal.Id}`,
    ]);
    expect(materialize(deltas).get("sf_opportunities")?.get(deal.Id)).toMatchObject({
      stage_name: "Closed Won",
      is_won: true,
    });
    // The accounts cursor was Globex at 10:01:00: ask from a second before, unquoted, in UTC.
    expect(s.fake.queries[4]).toMatch(
      / FROM Account WHERE LastModifiedDate > 2024-01-15T10:00:59Z ORDER BY LastModifiedDate ASC$/,
    );
    expect(s.fake.queries[6]).toMatch(
      / FROM Opportunity WHERE LastModifiedDate > 2024-01-15T10:02:59Z /,
    );

    expect((await poller.poll()).ok).toBe(true);
    expect(await s.newDeltas()).toEqual([]);
  });

  it("neither loses nor duplicates records sharing a LastModifiedDate, across polls and pages", async () => {
    const s = setup(new FakeSalesforce({ pageSize: 2 }));
    const ids = [1, 2, 3, 4].map(
      (n) => s.fake.put("Account", { Name: `Tie ${n}`, LastModifiedDate: T0 }).Id,
    );
    const poller = s.poller({
      includeContacts: false,
      includeOpportunities: false,
      includeLeads: false,
    });
    await poller.poll();
    expect(ops(await s.newDeltas())).toEqual(ids.map((id) => `INSERT sf_accounts ${id}`).sort());

    // Same timestamp as the cursor (a later Id), and later in the same second.
    const same = s.fake.put("Account", { Name: "Tie 5", LastModifiedDate: T0 }).Id;
    const later = s.fake.put("Account", { Name: "Later", LastModifiedDate: T0 + 500 }).Id;
    await poller.poll();
    expect(ops(await s.newDeltas())).toEqual(
      [`INSERT sf_accounts ${later}`, `INSERT sf_accounts ${same}`].sort(),
    );
    await poller.poll();
    expect(await s.newDeltas()).toEqual([]);
  });

  it("does not skip the rest of a tie group when a poll fails in the middle of it", async () => {
    // Ties come Id descending from the fake, two per page; the second page fails for good, in
    // the middle of the tie group: a cursor saved at the group's first record would skip the rest.
    const s = setup(new FakeSalesforce({ pageSize: 2 }));
    for (const n of [1, 2, 3, 4]) s.fake.put("Account", { Name: `Tie ${n}`, LastModifiedDate: T0 });
    s.fake.put("Account", { Name: "Next", LastModifiedDate: T0 + MIN });
    s.fake.put("Account", { Name: "Last", LastModifiedDate: T0 + 2 * MIN });
    s.fake.fail({ match: /\/query\//, status: 500, times: 4 });
    const poller = s.poller(
      { includeContacts: false, includeOpportunities: false, includeLeads: false },
      { chunkSize: 1 },
    );
    const failed = await poller.poll();
    expect(failed.ok).toBe(false);
    if (!failed.ok) expect(failed.error).toMatchObject({ code: "UPSTREAM_ERROR", fatal: false });
    expect(s.sleeps.length).toBe(3); // bounded retries
    const first = await s.newDeltas();
    expect(first.length).toBe(2);
    expect(s.state.data.size).toBe(0);

    expect((await poller.poll()).ok).toBe(true);
    const rows = materialize([...first, ...(await s.newDeltas())]).get("sf_accounts");
    expect(rows?.size).toBe(6);
  });

  it("ANDs the soqlFilter in parentheses so an OR cannot escape the cursor", async () => {
    const s = setup();
    const { acme, globex } = seed(s.fake);
    const other = s.fake.put("Account", { Name: "Other", Type: "Other", LastModifiedDate: T0 });
    const poller = s.poller({
      soqlFilter: "Type = 'Customer' OR Industry = 'Retail'",
      includeContacts: false,
      includeOpportunities: false,
      includeLeads: false,
    });
    await poller.poll();
    expect(s.fake.queries[0]).toMatch(
      / FROM Account WHERE \(Type = 'Customer' OR Industry = 'Retail'\) ORDER BY LastModifiedDate ASC$/,
    );
    expect(ops(await s.newDeltas())).toEqual(
      [`INSERT sf_accounts ${acme.Id}`, `INSERT sf_accounts ${globex.Id}`].sort(),
    );

    // Acme changes before the cursor's time, Other after it: neither may come back.
    s.fake.put("Account", { ...other, Industry: "Tech", LastModifiedDate: T0 + 30 * MIN });
    s.fake.put("Account", { ...globex, Phone: "555", LastModifiedDate: T0 + 31 * MIN });
    await poller.poll();
    expect(s.fake.queries[1]).toMatch(
      / WHERE \(Type = 'Customer' OR Industry = 'Retail'\) AND LastModifiedDate > 2024-01-15T10:00:59Z ORDER BY/,
    );
    expect(ops(await s.newDeltas())).toEqual([`INSERT sf_accounts ${globex.Id}`]);
  });

  it("marks only the entities lacking a soqlFilter field (INVALID_FIELD); the others sync", async () => {
    const s = setup();
    const { acme, lead } = seed(s.fake);
    const poller = s.poller({ soqlFilter: "Industry = 'Tech'" });
    const result = await poller.poll();
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.deltasPushed).toBe(2);
    const warnings = result.value.warnings ?? [];
    expect(warnings.length).toBe(2);
    expect(warnings[0]).toMatch(
      /^sf_contacts: Salesforce answered 400 .*INVALID_FIELD.*No such column 'Industry' on entity 'Contact'/s,
    );
    expect(warnings[1]).toMatch(/^sf_opportunities: .*INVALID_FIELD/s);
    expect(ops(await s.newDeltas())).toEqual(
      [`INSERT sf_accounts ${acme.Id}`, `INSERT sf_leads ${lead.Id}`].sort(),
    );
    expect([...s.state.data.keys()].sort()).toEqual([
      stateKeys.cursor("sf_accounts"),
      stateKeys.cursor("sf_leads"),
    ]);

    // A filter no entity can run is the config's fault: the connector fails.
    const bad = await s.poller({ soqlFilter: "Bogus__c = 1" }).poll();
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatchObject({ code: "INVALID_CONFIG", fatal: true });
  });

  it("follows nextRecordsUrl until done, with smaller pages on demand", async () => {
    const s = setup(new FakeSalesforce({ pageSize: 2 }));
    for (let n = 1; n <= 5; n++)
      s.fake.put("Account", { Name: `A${n}`, LastModifiedDate: T0 + n * SEC });
    const result = await s
      .poller(
        { includeContacts: false, includeOpportunities: false, includeLeads: false },
        { batchSize: 200 },
      )
      .poll();
    expect(result).toEqual({ ok: true, value: { deltasPushed: 5 } });
    const pages = s.fake.requests.filter((r) => r.path.startsWith("/services/data/"));
    expect(pages.map((r) => r.path.replace(/01gFAKE\d+/, "LOC"))).toEqual([
      "/services/data/v62.0/queryAll",
      "/services/data/v62.0/query/LOC-2",
      "/services/data/v62.0/query/LOC-4",
    ]);
    expect(pages.every((r) => r.headers["sforce-query-options"] === "batchSize=200")).toBe(true);
    expect(materialize(await s.newDeltas()).get("sf_accounts")?.size).toBe(5);
  });

  it("logs in again once when the session expires mid-poll, and goes on from the same page", async () => {
    const s = setup(new FakeSalesforce({ pageSize: 2 }));
    for (let n = 1; n <= 5; n++)
      s.fake.put("Account", { Name: `A${n}`, LastModifiedDate: T0 + n * SEC });
    s.fake.expireSessions(1);
    const poller = s.poller({
      includeContacts: false,
      includeOpportunities: false,
      includeLeads: false,
    });
    expect(await poller.poll()).toEqual({ ok: true, value: { deltasPushed: 5 } });
    expect(s.fake.logins.length).toBe(2);
    const pages = s.fake.requests
      .filter((r) => r.path.startsWith("/services/data/"))
      .map((r) => r.path);
    expect(pages[1]).toBe(pages[2]); // the refused page, asked again with the new session
    expect(materialize(await s.newDeltas()).get("sf_accounts")?.size).toBe(5);

    // Expired between polls: one more login, nothing lost or repeated.
    s.fake.expireSessions();
    s.fake.put("Account", { Name: "A6", LastModifiedDate: T0 + MIN });
    expect(await poller.poll()).toEqual({ ok: true, value: { deltasPushed: 1 } });
    expect(s.fake.logins.length).toBe(3);
  });

  it("fails for good when a fresh session is refused too (401 twice)", async () => {
    const s = setup();
    seed(s.fake);
    s.fake.fail({
      match: /queryAll/,
      status: 401,
      times: 2,
      body: [{ message: "Session expired or invalid", errorCode: "INVALID_SESSION_ID" }],
    });
    const result = await s.poller().poll();
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ code: "UNAUTHORIZED", fatal: true });
    expect(result.error.message).toMatch(/INVALID_SESSION_ID/);
    expect(s.fake.logins.length).toBe(2);
  });

  it.each([
    ["password", { password: "wrong-Pw!TOKEN999" }, "invalid_grant", "authentication failure"],
    ["client id", { clientId: "3MVG9-unknown" }, "invalid_client_id", "client identifier invalid"],
    [
      "client secret",
      { clientSecret: "WRONG-SECRET-777" },
      "invalid_client",
      "invalid client credentials",
    ],
  ])(
    "fails for good on a refused login (%s), with Salesforce's error_description and no secret",
    async (_, overrides, error, description) => {
      const s = setup();
      seed(s.fake);
      const result = await s.poller(overrides).poll();
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error).toMatchObject({ code: "UNAUTHORIZED", fatal: true });
      expect(result.error.message).toContain(`${error}: ${description}`);
      for (const secret of [
        "wrong-Pw!TOKEN999",
        "WRONG-SECRET-777",
        s.fake.password,
        s.fake.clientSecret,
      ]) {
        expect(result.error.message).not.toContain(secret);
        expect(s.logs.join("\n")).not.toContain(secret);
      }
      expect(s.fake.requests.some((r) => r.path.startsWith("/services/data/"))).toBe(false);
      expect(await s.newDeltas()).toEqual([]);
    },
  );

  it("waits out a 503's Retry-After (delay-seconds) and asks for the same page again", async () => {
    const s = setup(new FakeSalesforce({ pageSize: 2 }));
    for (let n = 1; n <= 3; n++)
      s.fake.put("Account", { Name: `A${n}`, LastModifiedDate: T0 + n * SEC });
    s.fake.unavailable({ retryAfter: "2", match: /\/query\// });
    const result = await s
      .poller({ includeContacts: false, includeOpportunities: false, includeLeads: false })
      .poll();
    expect(result.ok).toBe(true);
    expect(s.sleeps).toEqual([2000]);
    expect(s.logs.some((l) => /^wait 2000 .*503.*SERVER_UNAVAILABLE/.test(l))).toBe(true);
    expect(materialize(await s.newDeltas()).get("sf_accounts")?.size).toBe(3);
  });

  it("reads a Retry-After given as an HTTP date", async () => {
    const s = setup();
    seed(s.fake);
    const now = Date.parse("2026-01-01T00:00:00Z");
    s.fake.unavailable({ retryAfter: new Date(now + 3000).toUTCString(), match: /queryAll/ });
    const result = await s
      .poller({}, { client: { sleep: async (ms) => void s.sleeps.push(ms), now: () => now } })
      .poll();
    expect(result.ok).toBe(true);
    expect(s.sleeps).toEqual([3000]);
  });

  it("hands a long Retry-After, or one 503 too many, to the host as a retryable RATE_LIMITED", async () => {
    const s = setup();
    seed(s.fake);
    s.fake.unavailable({ retryAfter: "120", match: /queryAll/ });
    const poller = s.poller();
    const long = await poller.poll();
    expect(long.ok).toBe(false);
    if (!long.ok)
      expect(long.error).toMatchObject({
        code: "RATE_LIMITED",
        fatal: false,
        retryAfterMs: 120_000,
      });
    expect(s.sleeps).toEqual([]);

    s.fake.unavailable({ retryAfter: "1", match: /queryAll/, times: 10 });
    const many = await poller.poll();
    expect(many.ok).toBe(false);
    if (!many.ok)
      expect(many.error).toMatchObject({ code: "RATE_LIMITED", fatal: false, retryAfterMs: 1000 });
    expect(s.sleeps).toEqual([1000, 1000, 1000]);
  });

  it("stops the cycle on 403 REQUEST_LIMIT_EXCEEDED, keeps what was accepted, resumes next interval", async () => {
    const s = setup();
    const { acme, globex, jane, deal, lead } = seed(s.fake);
    s.fake.limitExceeded({ match: /queryAll/, after: 1 });
    const poller = s.poller({}, { limitRetryMs: 45_000 });
    const limited = await poller.poll();
    expect(limited.ok).toBe(false);
    if (limited.ok) return;
    expect(limited.error).toMatchObject({
      code: "RATE_LIMITED",
      fatal: false,
      retryAfterMs: 45_000,
    });
    expect(limited.error.message).toMatch(/REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded/);
    expect(s.sleeps).toEqual([]);
    expect(s.fake.queries.length).toBe(2); // Account, then Contact refused; nothing after
    expect(ops(await s.newDeltas())).toEqual(
      [`INSERT sf_accounts ${acme.Id}`, `INSERT sf_accounts ${globex.Id}`].sort(),
    );
    expect([...s.state.data.keys()]).toEqual([stateKeys.cursor("sf_accounts")]);

    expect((await poller.poll()).ok).toBe(true);
    expect(ops(await s.newDeltas())).toEqual(
      [
        `INSERT sf_contacts ${jane.Id}`,
        `INSERT sf_opportunities ${deal.Id}`,
        `INSERT sf_leads ${lead.Id}`,
      ].sort(),
    );
  });

  it("retries other 5xx and network errors a bounded number of times with backoff", async () => {
    const s = setup();
    seed(s.fake);
    s.fake.fail({ match: /queryAll/, status: 500, times: 2 });
    const poller = s.poller();
    expect((await poller.poll()).ok).toBe(true);
    expect(s.sleeps).toEqual([375, 750]); // 500 ms base, doubling, equal jitter at 0.5

    let down = 2;
    const flaky: typeof fetch = async (input, init) => {
      if (down-- > 0) throw new TypeError("fetch failed: ECONNRESET");
      return s.fake.fetch(input, init);
    };
    s.fake.put("Account", { Name: "New", LastModifiedDate: T0 + 20 * MIN });
    expect(await s.poller({}, { fetch: flaky }).poll()).toEqual({
      ok: true,
      value: { deltasPushed: 1 },
    });

    s.fake.fail({ match: /queryAll/, status: 502, times: 10 });
    const failed = await poller.poll();
    expect(failed.ok).toBe(false);
    if (!failed.ok) expect(failed.error).toMatchObject({ code: "UPSTREAM_ERROR", fatal: false });
  });

  it("turns IsDeleted records from queryAll into DELETE deltas", async () => {
    const s = setup();
    const { acme, globex } = seed(s.fake);
    const gone = s.fake.put("Lead", { LastName: "Gone", Company: "X", LastModifiedDate: T0 });
    s.fake.delete("Lead", gone.Id, T0 + SEC);
    const poller = s.poller();
    await poller.poll();
    const first = await s.newDeltas();
    expect(first.filter((d) => d.op === "DELETE").map((d) => `${d.table} ${d.rowId}`)).toEqual([
      `sf_leads ${gone.Id}`,
    ]);

    s.fake.delete("Account", globex.Id, T0 + 30 * MIN);
    await poller.poll();
    const second = await s.newDeltas();
    expect(second.map((d) => ({ op: d.op, rowId: d.rowId, columns: d.columns }))).toEqual([
      { op: "DELETE", rowId: globex.Id, columns: [] },
    ]);
    const accounts = materialize([...first, ...second]).get("sf_accounts");
    expect([...(accounts?.keys() ?? [])]).toEqual([acme.Id]);
    expect(s.fake.queries.every((q) => q.includes("IsDeleted"))).toBe(true);
  });

  it("a restarted poller with the same state store resumes without re-emitting", async () => {
    const s = setup();
    const { jane } = seed(s.fake);
    await s.poller().poll();
    await s.newDeltas();
    expect([...s.state.data.keys()].sort()).toEqual(
      ["sf_accounts", "sf_contacts", "sf_leads", "sf_opportunities"].map(stateKeys.cursor),
    );

    const restarted = s.poller();
    expect(await restarted.poll()).toEqual({ ok: true, value: { deltasPushed: 0 } });
    s.fake.put("Contact", { ...jane, Title: "CEO", LastModifiedDate: T0 + 40 * MIN });
    expect(await s.poller().poll()).toEqual({ ok: true, value: { deltasPushed: 1 } });
    const deltas = await s.newDeltas();
    expect(ops(deltas)).toEqual([`INSERT sf_contacts ${jane.Id}`]);
    expect(materialize(deltas).get("sf_contacts")?.get(jane.Id)?.title).toBe("CEO");
  });

  it("lets the spec's owner_name and stage_name sync rules filter the tables", async () => {
    const s = setup();
    const { acme, jane, deal } = seed(s.fake);
    await s.poller().poll();
    s.gateway.setSyncRules({
      buckets: [
        {
          name: "sales-pipeline",
          filters: [{ column: "stage_name", op: "neq", value: "Closed Won" }],
          tables: ["sf_opportunities"],
        },
        {
          name: "my-accounts",
          filters: [{ column: "owner_name", op: "eq", value: "jwt:name" }],
          tables: ["sf_accounts", "sf_contacts"],
        },
      ],
    });
    const page = await s.gateway.pull({
      since: 0n,
      clientId: "bob",
      limit: 100,
      claims: { name: "Bob Sales" },
    });
    if (!page.ok) throw page.error;
    expect(ops(page.value.deltas)).toEqual(
      [
        `INSERT sf_accounts ${acme.Id}`,
        `INSERT sf_contacts ${jane.Id}`,
        `INSERT sf_opportunities ${deal.Id}`,
      ].sort(),
    );
  });

  it("stops when the host aborts the poll, saving nothing", async () => {
    const s = setup();
    seed(s.fake);
    const abort = new AbortController();
    abort.abort(new Error("unregistered"));
    const result = await s.poller().poll(abort.signal);
    expect(result.ok).toBe(false);
    expect(s.state.data.size).toBe(0);
    expect(await s.newDeltas()).toEqual([]);
  });

  it("streams 20,000 records in chunks of 500, flushing within the memory budget, losing none", async () => {
    const fake = new FakeSalesforce();
    for (const { sobject } of SALESFORCE_ENTITIES) {
      for (let n = 0; n < 5000; n++) {
        fake.put(sobject, {
          Name: `${sobject} ${n}`,
          LastName: `L${n}`,
          LastModifiedDate: T0 + n * SEC,
        });
      }
    }
    const gateway = new SyncGateway({ gatewayId: "gw-big" });
    const target = new FlushCountingTarget(gateway);
    const state = new MemoryStateStore();
    const poller = createSalesforcePoller({
      config: fakeConfig(fake),
      target,
      state,
      clientId: "ingest:sf-big",
      fetch: fake.fetch,
      chunkSize: 500,
      memoryBudgetBytes: 512 * 1024,
    });
    expect(await poller.poll()).toEqual({ ok: true, value: { deltasPushed: 20_000 } });
    expect(target.pushes).toBe(40);
    expect(target.flushes).toBeGreaterThan(0);
    // 2,000 records per page: 3 pages per entity.
    expect(fake.requests.filter((r) => r.path.startsWith("/services/data/")).length).toBe(12);
    const tables = materialize((await pullAll(gateway)).deltas);
    for (const { schema } of SALESFORCE_ENTITIES) expect(tables.get(schema.table)?.size).toBe(5000);
  }, 60_000);
});
