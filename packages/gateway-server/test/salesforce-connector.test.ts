import { afterAll, beforeAll, describe, expect, it } from "vitest";
// The connector package's own wire-format fake, served over a real port.
import { FakeSalesforce } from "../../connector-salesforce/src/testing/fake-salesforce.js";
import { startConnectorHost } from "./support/connector-host.js";
import { serveHandler } from "./support/serve-handler.js";
import { waitFor } from "./support/wait.js";

const SECRET = "salesforce-connector-test-secret-of-32-bytes";
const GW = "my-gw";
const fake = new FakeSalesforce({
  clientId: "3MVG9-consumer-key",
  clientSecret: "ABC123-consumer-secret",
  username: "bot@mycompany.com",
  password: "mypasswordSECURITYTOKEN",
});
let salesforce: Awaited<ReturnType<typeof serveHandler>>;
let gateway: Awaited<ReturnType<typeof startConnectorHost>>;

beforeAll(async () => {
  const t = Date.parse("2024-03-01T09:00:00Z");
  fake.addUser("Ada Admin");
  const bob = fake.addUser("Bob Sales");
  const acme = fake.put("Account", { Name: "Acme", LastModifiedDate: t });
  fake.put("Account", { Name: "Beta", OwnerId: bob, LastModifiedDate: t + 1000 });
  fake.put("Contact", { LastName: "Lee", AccountId: acme.Id, LastModifiedDate: t + 2000 });
  fake.put("Opportunity", {
    Name: "Big deal",
    StageName: "Prospecting",
    AccountId: acme.Id,
    OwnerId: bob,
    LastModifiedDate: t + 3000,
  });
  fake.put("Lead", { LastName: "Kim", Company: "Initech", LastModifiedDate: t + 4000 });
  salesforce = await serveHandler((request) => fake.handle(request));
  fake.instanceUrl = salesforce.url;

  gateway = await startConnectorHost(SECRET, GW);
}, 120_000);

afterAll(async () => {
  await gateway?.shutdown();
  await salesforce?.close();
});

const token = (role: "admin" | "client", claims: Record<string, unknown> = {}) =>
  gateway.token(role, claims);
const call = (method: string, path: string, bearer: string, body?: unknown) =>
  gateway.call(method, path, bearer, body);

async function pulled(bearer: string): Promise<string[]> {
  const res = await call("GET", `/sync/${GW}/pull?since=0&limit=1000`, bearer);
  const page = JSON.parse(res.text) as { deltas: { table: string; rowId: string }[] };
  return page.deltas.map((d) => d.table).sort();
}

describe("a Salesforce connector through the admin API and the server host", () => {
  it("registers the spec's body, syncs the four tables and filters them by owner_name", async () => {
    const admin = await token("admin");
    // The spec's body, plus `loginUrl` pointing at the local Salesforce.
    const registered = await call("POST", `/admin/connectors/${GW}`, admin, {
      name: "sf-crm",
      type: "salesforce",
      salesforce: {
        instanceUrl: "https://mycompany.salesforce.com",
        clientId: "3MVG9-consumer-key",
        clientSecret: "ABC123-consumer-secret",
        username: "bot@mycompany.com",
        password: "mypasswordSECURITYTOKEN",
        loginUrl: salesforce.url,
      },
      ingest: { intervalMs: 30000 },
    });
    expect(registered.status).toBe(201);

    const reader = await token("client", { name: "Bob Sales" });
    const all = await waitFor("the first Salesforce poll", async () => {
      const tables = await pulled(reader);
      return tables.length === 5 ? tables : undefined;
    });
    expect(all).toEqual([
      "sf_accounts",
      "sf_accounts",
      "sf_contacts",
      "sf_leads",
      "sf_opportunities",
    ]);
    // The login was the OAuth username-password flow, form-encoded.
    const login = fake.requests.find((r) => r.path === "/services/oauth2/token");
    expect(login?.form).toMatchObject({ grant_type: "password", username: "bot@mycompany.com" });

    // The spec's "my-pipeline" bucket: opportunities and accounts owned by the caller.
    const rules = await call("POST", `/admin/sync-rules/${GW}`, admin, {
      buckets: [
        {
          name: "my-pipeline",
          filters: [{ column: "owner_name", op: "eq", value: "jwt:name" }],
          tables: ["sf_opportunities", "sf_accounts"],
        },
      ],
    });
    expect(rules.status).toBe(200);
    expect(await pulled(reader)).toEqual(["sf_accounts", "sf_opportunities"]);

    const list = await call("GET", `/admin/connectors/${GW}`, admin);
    expect(JSON.parse(list.text)).toMatchObject([
      { name: "sf-crm", type: "salesforce", hasIngest: true, isPolling: true, state: "polling" },
    ]);
    for (const secret of ["ABC123-consumer-secret", "mypasswordSECURITYTOKEN"]) {
      expect(list.text).not.toContain(secret);
    }
    expect((await call("DELETE", `/admin/connectors/${GW}/sf-crm`, admin)).status).toBe(200);
  });

  it("fails a connector whose login Salesforce refuses, with Salesforce's reason and no password", async () => {
    const admin = await token("admin");
    const registered = await call("POST", `/admin/connectors/${GW}`, admin, {
      name: "sf-wrong",
      type: "salesforce",
      salesforce: {
        instanceUrl: "https://mycompany.salesforce.com",
        clientId: "3MVG9-consumer-key",
        clientSecret: "ABC123-consumer-secret",
        username: "bot@mycompany.com",
        password: "wrong-password-TOKEN",
        loginUrl: salesforce.url,
      },
    });
    expect(registered.status).toBe(201);
    const failed = await waitFor("the refused login", async () => {
      const list = JSON.parse((await call("GET", `/admin/connectors/${GW}`, admin)).text) as {
        name: string;
        state: string;
        lastError: string | null;
      }[];
      const entry = list.find((c) => c.name === "sf-wrong");
      return entry?.state === "failed" ? entry : undefined;
    });
    expect(failed.lastError).toMatch(/authentication failure/i);
    expect(failed.lastError).not.toContain("wrong-password-TOKEN");
  });
});
