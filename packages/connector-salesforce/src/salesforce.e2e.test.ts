import { existsSync, readFileSync } from "node:fs";
import { parseEnv } from "node:util";
import { SyncGateway } from "@lakesync/gateway";
import { describe, expect, it } from "vitest";
import { SalesforceClient } from "./client/salesforce-client.js";
import { SALESFORCE_ENTITIES } from "./entities.js";
import { createSalesforcePoller, salesforceLoginUrl } from "./poller/salesforce-poller.js";
import { buildSoql } from "./soql.js";
import { MemoryStateStore, materialize, pullAll } from "./testing/harness.js";

// Against a real Salesforce org. Reads SF_INSTANCE_URL, SF_CLIENT_ID, SF_CLIENT_SECRET,
// SF_USERNAME, SF_PASSWORD, SF_IS_SANDBOX (and optional SF_LOGIN_URL) from the environment or
// packages/connector-salesforce/.env; skipped without them.
// Run: cd packages/connector-salesforce && bun vitest run -t "Salesforce E2E"

const file = new URL("../.env", import.meta.url);
const fileEnv = existsSync(file) ? parseEnv(readFileSync(file, "utf8")) : {};
const env = (name: string): string | undefined => {
  const value = process.env[name] ?? fileEnv[name];
  return value === undefined || value.trim() === "" ? undefined : value.trim();
};
const instanceUrl = env("SF_INSTANCE_URL");
const clientId = env("SF_CLIENT_ID");
const clientSecret = env("SF_CLIENT_SECRET");
const username = env("SF_USERNAME");
const password = env("SF_PASSWORD");
const loginUrl = env("SF_LOGIN_URL");
const creds = [instanceUrl, clientId, clientSecret, username, password].every(
  (v) => v !== undefined,
);

describe.skipIf(!creds)("Salesforce E2E", () => {
  const config = {
    instanceUrl: instanceUrl ?? "",
    clientId: clientId ?? "",
    clientSecret: clientSecret ?? "",
    username: username ?? "",
    password: password ?? "",
    apiVersion: "62.0",
    isSandbox: env("SF_IS_SANDBOX") === "true",
    includeAccounts: true,
    includeContacts: true,
    includeOpportunities: true,
    includeLeads: true,
    ...(loginUrl ? { loginUrl } : {}),
  };
  const client = () => new SalesforceClient({ ...config, loginUrl: salesforceLoginUrl(config) });
  const entity = (sobject: string) => {
    const found = SALESFORCE_ENTITIES.find((e) => e.sobject === sobject);
    if (!found) throw new Error(sobject);
    return found;
  };
  async function first(sobject: string, limit: number, since: string | null = null) {
    const soql = `${buildSoql(entity(sobject), { since })} LIMIT ${limit}`;
    const ids: string[] = [];
    for await (const record of client().queryAll(soql)) ids.push(record.Id);
    return ids;
  }

  it("authenticates with the username-password flow", async () => {
    const sf = client();
    await sf.login();
    expect(sf.instanceUrl).toMatch(/^https:\/\//);
  }, 60_000);

  it("queries accounts and contacts", async () => {
    for (const id of await first("Account", 5)) expect(id).toMatch(/^001/);
    for (const id of await first("Contact", 5)) expect(id).toMatch(/^003/);
  }, 60_000);

  it("handles an empty result", async () => {
    expect(await first("Account", 10, "2999-01-01T00:00:00.000Z")).toEqual([]);
  }, 60_000);

  it("polls into a gateway and resumes incrementally", async () => {
    const gateway = new SyncGateway({ gatewayId: "sf-e2e" });
    const poller = createSalesforcePoller({
      config,
      target: gateway,
      state: new MemoryStateStore(),
      clientId: "ingest:sf-e2e",
      chunkSize: 200,
    });
    const firstPoll = await poller.poll();
    if (!firstPoll.ok) throw firstPoll.error;
    const { deltas, hlc } = await pullAll(gateway);
    const tables = materialize(deltas);
    for (const [id, row] of tables.get("sf_accounts") ?? []) {
      expect(id).toMatch(/^001/);
      expect(typeof row.last_modified_date).toBe("string");
    }
    const second = await poller.poll();
    if (!second.ok) throw second.error;
    // Only records edited meanwhile come again.
    expect((await pullAll(gateway, hlc)).deltas.length).toBeLessThanOrEqual(deltas.length);
  }, 300_000);
});
