/**
 * Every publishable package must work when installed from its npm tarball, away from the
 * workspace: its `exports` map must point at built JS and types, and every runtime import
 * must be a declared dependency. Each package adds a consumer script below.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");

interface PackageCase {
  /** Folder under the workspace root. */
  readonly dir: string;
  readonly name: string;
  /** ESM run by Node in the consumer project; prints JSON compared with `expected`. */
  readonly consumer: string;
  readonly expected: unknown;
  /** TypeScript compiled against the installed .d.ts files. */
  readonly typed: string;
}

const packages: PackageCase[] = [
  {
    dir: "packages/core",
    name: "@lakesync/core",
    consumer: `
      import { HLC, validateConnectorConfig, listConnectorDescriptors, filterDeltas } from "@lakesync/core";
      const ts = new HLC().now();
      const ok = validateConnectorConfig({ name: "pg", type: "postgres", postgres: { connectionString: "postgres://u:p@h/db" } });
      const bad = validateConnectorConfig({ name: "pg", type: "postgres", postgres: {} });
      console.log(JSON.stringify({
        hlc: typeof ts,
        ok: ok.ok,
        bad: bad.ok ? null : bad.error.message,
        types: listConnectorDescriptors().map((d) => d.type),
        filter: typeof filterDeltas,
      }));
    `,
    expected: {
      hlc: "bigint",
      ok: true,
      bad: "postgres.connectionString is required",
      types: ["postgres", "mysql", "bigquery", "jira", "salesforce"],
      filter: "function",
    },
    typed: `
      import { type ConnectorConfig, type Result, type RowDelta, validateConnectorConfig } from "@lakesync/core";
      const r: Result<ConnectorConfig, unknown> = validateConnectorConfig({});
      const d: RowDelta | undefined = undefined;
      export { r, d };
    `,
  },
  {
    dir: "packages/gateway",
    name: "@lakesync/gateway",
    consumer: `
      import { createGatewayApp, createTokenVerifier, MemoryGatewayHost } from "@lakesync/gateway";
      const app = createGatewayApp({
        host: new MemoryGatewayHost(),
        auth: createTokenVerifier({ secret: "x".repeat(32) }),
      });
      const types = await (await app.request("/connectors/types")).json();
      const denied = await app.request("/admin/connectors/gw");
      console.log(JSON.stringify({ types: types.length, denied: denied.status }));
    `,
    expected: { types: 5, denied: 401 },
    typed: `
      import { SyncGateway, type PullResponse } from "@lakesync/gateway";
      const gw = new SyncGateway({ gatewayId: "g" });
      const page: Promise<unknown> = gw.pull({ since: 0n, clientId: "c" });
      export type P = PullResponse;
      export { page };
    `,
  },
  {
    dir: "packages/adapter-postgres",
    name: "@lakesync/adapter-postgres",
    consumer: `
      import { PostgresAdapter, pgliteClient } from "@lakesync/adapter-postgres";
      const client = pgliteClient(undefined);
      const adapter = new PostgresAdapter({ client, gatewayId: "g" });
      const page = await adapter.queryDeltasSince(0n, 10);
      await adapter.close();
      console.log(JSON.stringify({ ok: page.ok, deltas: page.ok ? page.value.deltas.length : -1 }));
    `,
    expected: { ok: true, deltas: 0 },
    typed: `
      import { PostgresAdapter, type SqlClient } from "@lakesync/adapter-postgres";
      export function make(client: SqlClient) { return new PostgresAdapter({ client }); }
    `,
  },
  {
    dir: "packages/adapter-mysql",
    name: "@lakesync/adapter-mysql",
    consumer: `
      import { MySqlAdapter, mysqlConnectorFactory, mysqlClient } from "@lakesync/adapter-mysql";
      console.log(JSON.stringify({ adapter: typeof MySqlAdapter, factory: typeof mysqlConnectorFactory, client: typeof mysqlClient }));
    `,
    expected: { adapter: "function", factory: "function", client: "function" },
    typed: `
      import { type MySqlClient, MySqlAdapter } from "@lakesync/adapter-mysql";
      export function make(client: MySqlClient) { return new MySqlAdapter({ client }); }
    `,
  },
  {
    dir: "packages/adapter-bigquery",
    name: "@lakesync/adapter-bigquery",
    consumer: `
      import { BigQueryRest, BigQuerySqlSource, bigqueryConnectorFactory } from "@lakesync/adapter-bigquery";
      // An endpoint nobody listens on: the check fails cleanly, with no Google credentials needed.
      const client = new BigQueryRest({ projectId: "p", dataset: "d", apiEndpoint: "http://127.0.0.1:9" });
      const checked = await new BigQuerySqlSource(client).checkQuery("SELECT 1");
      console.log(JSON.stringify({ factory: typeof bigqueryConnectorFactory, ok: checked.ok, code: checked.ok ? null : checked.error.code }));
    `,
    expected: { factory: "function", ok: false, code: "ADAPTER_ERROR" },
    typed: `
      import { BigQueryAdapter, BigQueryRest } from "@lakesync/adapter-bigquery";
      export function make(client: BigQueryRest) { return new BigQueryAdapter({ client }); }
    `,
  },
  {
    dir: "packages/connector-jira",
    name: "@lakesync/connector-jira",
    consumer: `
      import { jiraConnectorFactory, adfToText } from "@lakesync/connector-jira";
      console.log(JSON.stringify({ factory: typeof jiraConnectorFactory, adf: typeof adfToText }));
    `,
    expected: { factory: "function", adf: "function" },
    typed: `
      import type { ConnectorFactory } from "@lakesync/gateway";
      import { jiraConnectorFactory } from "@lakesync/connector-jira";
      export const f: ConnectorFactory = jiraConnectorFactory;
    `,
  },
  {
    dir: "packages/connector-salesforce",
    name: "@lakesync/connector-salesforce",
    consumer: `
      import { salesforceConnectorFactory } from "@lakesync/connector-salesforce";
      console.log(JSON.stringify({ factory: typeof salesforceConnectorFactory }));
    `,
    expected: { factory: "function" },
    typed: `
      import type { ConnectorFactory } from "@lakesync/gateway";
      import { salesforceConnectorFactory } from "@lakesync/connector-salesforce";
      export const f: ConnectorFactory = salesforceConnectorFactory;
    `,
  },
  {
    dir: "packages/client",
    name: "@lakesync/client",
    consumer: `
      import { LakeSyncClient, LakeSyncNetworkError } from "@lakesync/client";
      const client = new LakeSyncClient({ url: "http://127.0.0.1:9", gatewayId: "gw", token: "t" });
      let network = false;
      try { await client.connectorTypes(); } catch (e) { network = e instanceof LakeSyncNetworkError; }
      console.log(JSON.stringify({ network }));
    `,
    expected: { network: true },
    typed: `
      import { LakeSyncClient } from "@lakesync/client";
      export const make = (url: string) => new LakeSyncClient({ url, gatewayId: "gw", getToken: async () => "t" });
    `,
  },
  {
    dir: "packages/react",
    name: "@lakesync/react",
    consumer: `
      import { LakeSyncProvider, useConnectorTypes, useConnectors } from "@lakesync/react";
      console.log(JSON.stringify({ provider: typeof LakeSyncProvider, types: typeof useConnectorTypes, list: typeof useConnectors }));
    `,
    expected: { provider: "function", types: "function", list: "function" },
    typed: `
      import { useConnectorTypes } from "@lakesync/react";
      export function Names() { const { types } = useConnectorTypes(); return types.map((t) => t.displayName).join(","); }
    `,
  },
  {
    dir: "packages/gateway-server",
    name: "@lakesync/gateway-server",
    consumer: `
      import { startServer, parseServerConfig } from "@lakesync/gateway-server";
      let error = null;
      try { parseServerConfig({ PORT: "not-a-port" }, process.cwd()); } catch (e) { error = e.message.includes("PORT"); }
      console.log(JSON.stringify({ start: typeof startServer, portError: error }));
    `,
    expected: { start: "function", portError: true },
    typed: `
      import { startServer } from "@lakesync/gateway-server";
      export const s: typeof startServer = startServer;
    `,
  },
];

let work: string;

/** Runs a command without blocking the test worker; resolves with its exit code and output. */
function run(cmd: string, args: string[], cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      cmd,
      args,
      { cwd, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}

async function mustRun(cmd: string, args: string[], cwd: string): Promise<string> {
  const result = await run(cmd, args, cwd);
  if (result.code !== 0) throw new Error(`${cmd} ${args.join(" ")} failed:\n${result.output}`);
  return result.output;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "lakesync-pack-"));
  for (const p of packages) {
    const cwd = join(root, p.dir);
    await mustRun("npm", ["run", "build"], cwd);
    await mustRun("npm", ["pack", "--pack-destination", work, "--silent"], cwd);
  }
  const tarballs = readdirSync(work)
    .filter((f) => f.endsWith(".tgz"))
    .map((f) => join(work, f));
  const app = join(work, "app");
  mkdirSync(app);
  writeFileSync(
    join(app, "package.json"),
    JSON.stringify({ name: "consumer", private: true, type: "module" }),
  );
  await mustRun(
    "npm",
    ["install", "--no-audit", "--no-fund", "--loglevel=error", "--no-package-lock", ...tarballs],
    app,
  );
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe.each(packages)("$name from its tarball", (p) => {
  it("imports and runs in plain Node, outside the workspace", async () => {
    const app = join(work, "app");
    const file = join(app, `${p.dir.replaceAll("/", "-")}.mjs`);
    writeFileSync(file, p.consumer);
    const out = await mustRun("node", [file], app);
    expect(JSON.parse(out)).toEqual(p.expected);
  });

  it("type-checks a consumer against its published .d.ts", async () => {
    const app = join(work, "app");
    const file = join(app, `${p.dir.replaceAll("/", "-")}.ts`);
    writeFileSync(file, p.typed);
    const tsc = join(root, "node_modules/typescript/bin/tsc");
    const checked = await run(
      "node",
      [
        tsc,
        "--noEmit",
        "--strict",
        "--module",
        "nodenext",
        "--moduleResolution",
        "nodenext",
        "--target",
        "es2022",
        // Third-party declarations (PGlite's need Emscripten's types) are the consumer's concern.
        "--skipLibCheck",
        file,
      ],
      app,
    );
    expect(checked).toEqual({ code: 0, output: "" });
  });
});
