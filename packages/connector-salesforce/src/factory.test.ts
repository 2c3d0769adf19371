import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Err, LakeSyncError, Ok, validateConnectorConfig } from "@lakesync/core";
import { type ConnectorContext, SyncGateway } from "@lakesync/gateway";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { salesforceConnectorFactory } from "./factory.js";
import { FakeSalesforce } from "./testing/fake-salesforce.js";
import { MemoryStateStore, materialize, pullAll } from "./testing/harness.js";

// The factory through a real HTTP socket: the fake Salesforce served by node:http on a port,
// as both the login server and the instance.
let server: Server;
let baseUrl: string;
const fake = new FakeSalesforce();

beforeAll(async () => {
  fake.put("Account", { Name: "Acme", LastModifiedDate: Date.parse("2024-01-15T10:00:00Z") });
  fake.put("Lead", {
    LastName: "Lee",
    Company: "Initech",
    LastModifiedDate: Date.parse("2024-01-15T10:05:00Z"),
  });
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const init: RequestInit = { method: req.method ?? "GET", headers };
    if (chunks.length > 0) init.body = Buffer.concat(chunks);
    const response = await fake.handle(new Request(`http://${req.headers.host}${req.url}`, init));
    const out: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      out[key] = value;
    });
    res.writeHead(response.status, out);
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.instanceUrl = baseUrl;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

/** A context whose URL guard allows http only for `allowed` origins (as LAKESYNC_ALLOW_PRIVATE_URLS would). */
function context(
  salesforce: Record<string, unknown>,
  allowed: string[] = [baseUrl],
): ConnectorContext {
  const config = validateConnectorConfig({
    name: "sf-crm",
    type: "salesforce",
    salesforce,
    ingest: { chunkSize: 1, intervalMs: 60_000 },
  });
  if (!config.ok) throw config.error;
  return {
    gatewayId: "gw",
    config: config.value,
    gateway: new SyncGateway({ gatewayId: "gw" }),
    state: new MemoryStateStore(),
    urlGuard: (url) => {
      const parsed = new URL(url);
      if (parsed.protocol === "https:" || allowed.includes(parsed.origin)) return Ok(parsed);
      return Err(new LakeSyncError("INVALID_CONFIG", `outbound URL not allowed: ${parsed.origin}`));
    },
    fetch: (input, init) => globalThis.fetch(input, init),
    log: () => {},
  };
}

const credentials = () => ({
  instanceUrl: "https://fake.my.salesforce.com",
  clientId: fake.clientId,
  clientSecret: fake.clientSecret,
  username: fake.username,
  password: fake.password,
});

describe("salesforceConnectorFactory", () => {
  it("polls a Salesforce served over HTTP into the gateway, using the instance_url of the login", async () => {
    const ctx = context({ ...credentials(), loginUrl: baseUrl });
    const runtime = await salesforceConnectorFactory(ctx);
    if (!runtime.ok) throw runtime.error;
    expect(runtime.value.source).toBeUndefined();
    const polled = await runtime.value.poll?.(new AbortController().signal);
    expect(polled).toEqual({ ok: true, value: { deltasPushed: 2 } });
    const tables = materialize((await pullAll(ctx.gateway)).deltas);
    expect([...tables.keys()].sort()).toEqual(["sf_accounts", "sf_leads"]);
    expect([...(tables.get("sf_accounts")?.values() ?? [])][0]?.name).toBe("Acme");
    await runtime.value.close();
  });

  it("refuses a loginUrl the server's URL guard rejects", async () => {
    const runtime = await salesforceConnectorFactory(
      context({ ...credentials(), loginUrl: baseUrl }, []),
    );
    expect(runtime.ok).toBe(false);
    if (!runtime.ok) expect(runtime.error.message).toContain("not allowed");
  });

  it("fails the connector when the login answers an instance_url the guard rejects", async () => {
    // The login host passes (https), the answered instance_url (http://127.0.0.1) does not.
    const ctx = context({ ...credentials(), loginUrl: "https://login.example.test" }, []);
    const runtime = await salesforceConnectorFactory({
      ...ctx,
      fetch: async (input, init) => {
        const url = new URL(String(input));
        return fetch(`${baseUrl}${url.pathname}${url.search}`, init);
      },
    });
    if (!runtime.ok) throw runtime.error;
    const polled = await runtime.value.poll?.(new AbortController().signal);
    expect(polled?.ok).toBe(false);
    if (polled && !polled.ok) {
      expect(polled.error).toMatchObject({ code: "INVALID_CONFIG", fatal: true });
      expect(polled.error.message).toContain("instance_url");
    }
  });

  it.each([
    [{}, "https://login.salesforce.com/services/oauth2/token"],
    [{ isSandbox: true }, "https://test.salesforce.com/services/oauth2/token"],
    [
      { loginUrl: "https://acme.my.salesforce.com" },
      "https://acme.my.salesforce.com/services/oauth2/token",
    ],
  ])("logs in at the default, sandbox or My Domain URL (%o)", async (extra, expected) => {
    const seen: { url: string; body: string }[] = [];
    const runtime = await salesforceConnectorFactory({
      ...context({ ...credentials(), ...extra }),
      fetch: async (input, init) => {
        seen.push({ url: String(input), body: String(init?.body) });
        return Response.json(
          { error: "invalid_grant", error_description: "authentication failure" },
          { status: 400 },
        );
      },
    });
    if (!runtime.ok) throw runtime.error;
    const polled = await runtime.value.poll?.(new AbortController().signal);
    expect(polled?.ok).toBe(false);
    if (polled && !polled.ok) {
      expect(polled.error.fatal).toBe(true);
      expect(polled.error.message).not.toContain(fake.password);
    }
    expect(seen.map((s) => s.url)).toEqual([expected]);
    expect(new URLSearchParams(seen[0]?.body).get("password")).toBe(fake.password);
  });

  it("answers an Err for a config that is not a salesforce one", async () => {
    const ctx = context(credentials());
    const runtime = await salesforceConnectorFactory({
      ...ctx,
      config: { name: "x", type: "stripe" },
    });
    expect(runtime.ok).toBe(false);
  });
});
