import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Err, LakeSyncError, Ok, validateConnectorConfig } from "@lakesync/core";
import { type ConnectorContext, SyncGateway } from "@lakesync/gateway";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jiraConnectorFactory } from "./factory.js";
import { FakeJira } from "./testing/fake-jira.js";
import { MemoryStateStore, materialize, pullAll } from "./testing/harness.js";

// The factory through a real HTTP socket: the fake Jira served by node:http on a port.
let server: Server;
let baseUrl: string;
const fake = new FakeJira();

beforeAll(async () => {
  fake.addProject({ key: "ENG", name: "Engineering", projectTypeKey: "software", lead: "Ada" });
  fake.putIssue({ key: "ENG-1", updated: Date.parse("2024-01-15T10:00:00Z") });
  fake.addComment("ENG-1", "hello", Date.parse("2024-01-15T10:05:00Z"));
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
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function context(jira: Record<string, unknown>, allowPrivate = true): ConnectorContext {
  const config = validateConnectorConfig({
    name: "jira-eng",
    type: "jira",
    jira,
    ingest: { chunkSize: 2 },
  });
  if (!config.ok) throw config.error;
  return {
    gatewayId: "gw",
    config: config.value,
    gateway: new SyncGateway({ gatewayId: "gw" }),
    state: new MemoryStateStore(),
    urlGuard: (url) => {
      const parsed = new URL(url);
      if (parsed.protocol === "https:" || allowPrivate) return Ok(parsed);
      return Err(new LakeSyncError("INVALID_CONFIG", `outbound URL not allowed: ${parsed.origin}`));
    },
    fetch: (input, init) => globalThis.fetch(input, init),
    log: () => {},
  };
}

describe("jiraConnectorFactory", () => {
  it("polls a Jira served over HTTP into the gateway", async () => {
    const ctx = context({ domain: "fake", email: fake.email, apiToken: fake.apiToken, baseUrl });
    const runtime = await jiraConnectorFactory(ctx);
    expect(runtime.ok).toBe(true);
    if (!runtime.ok) return;
    expect(runtime.value.source).toBeUndefined();
    const polled = await runtime.value.poll?.(new AbortController().signal);
    expect(polled).toEqual({ ok: true, value: { deltasPushed: 3 } });
    const tables = materialize((await pullAll(ctx.gateway)).deltas);
    expect([...tables.keys()].sort()).toEqual(["jira_comments", "jira_issues", "jira_projects"]);
    expect(tables.get("jira_comments")?.get("ENG-1:10000")?.body).toBe("hello");
    await runtime.value.close();
  });

  it("refuses a base URL the server's URL guard rejects", async () => {
    const runtime = await jiraConnectorFactory(
      context({ domain: "fake", email: fake.email, apiToken: fake.apiToken, baseUrl }, false),
    );
    expect(runtime.ok).toBe(false);
    if (!runtime.ok) expect(runtime.error.message).toContain("not allowed");
  });

  it("defaults the base URL to https://{domain}.atlassian.net", async () => {
    const seen: string[] = [];
    const ctx = {
      ...context({ domain: "mycompany", email: "a@b.c", apiToken: "t" }),
      fetch: async (input: RequestInfo | URL) => {
        seen.push(String(input));
        return new Response("{}", { status: 401 });
      },
    };
    const runtime = await jiraConnectorFactory(ctx);
    if (!runtime.ok) throw runtime.error;
    const polled = await runtime.value.poll?.(new AbortController().signal);
    expect(polled?.ok).toBe(false);
    if (polled && !polled.ok) expect(polled.error.fatal).toBe(true);
    expect(seen[0]).toBe("https://mycompany.atlassian.net/rest/api/3/search/jql");
  });

  it("answers an Err for a config that is not a jira one", async () => {
    const ctx = context({ domain: "fake", email: fake.email, apiToken: fake.apiToken, baseUrl });
    const runtime = await jiraConnectorFactory({
      ...ctx,
      config: { name: "x", type: "stripe" },
    });
    expect(runtime.ok).toBe(false);
  });
});
