import { execFile, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PG_URL, TestGateway, withSchema } from "../testing/test-gateway.js";

/**
 * The `lakesync` CLI as a real child process: built with the package's tsconfig.build.json
 * into a temporary dir and run with `node` (as the `bin` runs), once with `bun` from source,
 * against a real gateway server.
 */

const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), "../..");
const GW = "cli-gw";

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

describe("lakesync CLI", () => {
  const gateway = new TestGateway();
  let buildDir: string;
  let adminToken: string;
  let env: Record<string, string>;
  const outputs: Run[] = [];

  const run = (
    args: readonly string[],
    options: { env?: Record<string, string>; stdin?: string; runtime?: "node" | "bun" } = {},
  ): Promise<Run> =>
    new Promise((resolve, reject) => {
      const script =
        options.runtime === "bun"
          ? join(PACKAGE_DIR, "src/cli/main.ts")
          : join(buildDir, "cli/main.js");
      const child = spawn(options.runtime ?? "node", [script, ...args], {
        env: { PATH: process.env.PATH ?? "", ...(options.env ?? env) },
        stdio: ["pipe", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk) => {
        stdout += chunk;
      });
      child.stderr.on("data", (chunk) => {
        stderr += chunk;
      });
      child.on("error", reject);
      child.on("close", (code) => {
        const result = { code, stdout, stderr };
        outputs.push(result);
        resolve(result);
      });
      child.stdin.end(options.stdin ?? "");
    });

  const file = async (name: string, content: unknown) => {
    const path = join(buildDir, name);
    await writeFile(path, typeof content === "string" ? content : JSON.stringify(content));
    return path;
  };

  const connector = (name: string) => ({
    name,
    type: "postgres",
    postgres: { connectionString: withSchema(PG_URL, gateway.schema) },
  });

  beforeAll(async () => {
    buildDir = await mkdtemp(join(tmpdir(), "lakesync-cli-"));
    await Promise.all([
      gateway.start(),
      promisify(execFile)(
        process.execPath,
        [
          join(PACKAGE_DIR, "../../node_modules/typescript/bin/tsc"),
          "-p",
          join(PACKAGE_DIR, "tsconfig.build.json"),
          "--outDir",
          buildDir,
          "--declaration",
          "false",
          "--declarationMap",
          "false",
        ],
        { cwd: PACKAGE_DIR },
      ),
    ]);
    adminToken = await gateway.token(GW, "admin", "ci");
    env = { LAKESYNC_URL: gateway.url, LAKESYNC_GATEWAY: GW, LAKESYNC_TOKEN: adminToken };
  }, 120_000);

  afterAll(async () => {
    // Whatever it printed, the CLI never printed the token.
    expect(outputs.length).toBeGreaterThan(20);
    for (const { stdout, stderr } of outputs) {
      expect(stdout).not.toContain(adminToken);
      expect(stderr).not.toContain(adminToken);
    }
    await gateway.stop();
    await rm(buildDir, { recursive: true, force: true });
  }, 60_000);

  it("prints help for the CLI, a group and each command, exit 0", async () => {
    const general = await run(["--help"]);
    expect(general.code).toBe(0);
    for (const command of [
      "types",
      "connectors list",
      "connectors add",
      "connectors remove",
      "sync-rules set",
    ]) {
      expect(general.stdout).toContain(command);
    }
    expect(general.stdout).toContain("LAKESYNC_TOKEN");

    const group = await run(["connectors", "--help"]);
    expect(group.code).toBe(0);
    expect(group.stdout).toContain("connectors remove");
    expect(group.stdout).not.toContain("sync-rules set");

    for (const [words, usage] of [
      [["types"], "lakesync types"],
      [["connectors", "list"], "lakesync connectors list"],
      [["connectors", "add"], "lakesync connectors add -f FILE"],
      [["connectors", "remove"], "lakesync connectors remove NAME"],
      [["sync-rules", "set"], "lakesync sync-rules set -f FILE"],
    ] as const) {
      const help = await run([...words, "-h"]);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: ${usage}`);
    }
  });

  it("lists connector types as JSON (not a TTY) or as a table, with only a URL", async () => {
    const json = await run(["types"], { env: { LAKESYNC_URL: gateway.url } });
    expect(json.code).toBe(0);
    expect(json.stderr).toBe("");
    const types = JSON.parse(json.stdout) as { type: string }[];
    expect(types.map((t) => t.type)).toEqual(expect.arrayContaining(["postgres", "jira"]));

    const table = await run(["types", "--table", "--url", gateway.url], { env: {} });
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^TYPE\s+NAME\s+CATEGORY\s+DESCRIPTION$/);
    expect(lines.some((l) => /^postgres\s+PostgreSQL\s+database\s/.test(l))).toBe(true);
  });

  it("adds a connector from a file and from stdin, lists it (JSON and table), removes it", async () => {
    const path = await file("connector.json", connector("cli-db"));
    const added = await run(["connectors", "add", "-f", path]);
    expect(added).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(added.stdout)).toEqual({ registered: true, name: "cli-db" });

    const fromStdin = await run(["connectors", "add", "-f", "-", "--table"], {
      stdin: JSON.stringify(connector("cli-db-2")),
    });
    expect(fromStdin.code).toBe(0);
    expect(fromStdin.stdout).toBe("Registered connector cli-db-2.\n");

    const list = await run(["connectors", "list"]);
    expect(list.code).toBe(0);
    const connectors = JSON.parse(list.stdout) as { name: string; state: string }[];
    expect(connectors.map((c) => c.name).sort()).toEqual(["cli-db", "cli-db-2"]);
    expect(list.stdout).not.toContain("postgres://");

    const table = await run(["connectors", "list", "--table"]);
    const lines = table.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(
      /^NAME\s+TYPE\s+STATE\s+POLLING\s+LAST POLL\s+POLLS\s+DELTAS\s+LAST ERROR$/,
    );
    expect(
      lines
        .slice(1)
        .map((l) => l.split(/\s+/)[0])
        .sort(),
    ).toEqual(["cli-db", "cli-db-2"]);

    for (const name of ["cli-db", "cli-db-2"]) {
      const removed = await run(["connectors", "remove", name]);
      expect(removed.code).toBe(0);
      expect(JSON.parse(removed.stdout)).toEqual({ unregistered: true, name });
    }
    const empty = await run(["connectors", "list", "--table"]);
    expect(empty.stdout).toBe("No connectors.\n");
  });

  it("exits 1 with the server's code: message, and each issue on its own line", async () => {
    const path = await file("dup.json", connector("dup-db"));
    expect((await run(["connectors", "add", "-f", path])).code).toBe(0);
    const dup = await run(["connectors", "add", "-f", path]);
    expect(dup.code).toBe(1);
    expect(dup.stdout).toBe("");
    expect(dup.stderr).toMatch(/^CONNECTOR_EXISTS: .*dup-db/);

    const invalid = await run(["connectors", "add", "-f", "-"], {
      stdin: JSON.stringify({
        name: "bad",
        type: "postgres",
        postgres: {},
        ingest: { intervalMs: -1 },
      }),
    });
    expect(invalid.code).toBe(1);
    const lines = invalid.stderr.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^INVALID_CONFIG: /);
    expect(lines.slice(1).length).toBeGreaterThanOrEqual(2);
    expect(lines.slice(1).every((l) => l.startsWith("  - "))).toBe(true);
    expect(invalid.stderr).toContain("postgres.connectionString");
    expect(invalid.stderr).toContain("ingest.intervalMs");

    const missing = await run(["connectors", "remove", "no-such"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^CONNECTOR_NOT_FOUND: /);
    expect((await run(["connectors", "remove", "dup-db"])).code).toBe(0);
  });

  it("sets sync rules from a file or stdin; invalid rules exit 1 naming the field", async () => {
    const rules = { buckets: [{ name: "all", tables: ["todos"], filters: [] }] };
    const set = await run(["sync-rules", "set", "-f", await file("rules.json", rules)]);
    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout)).toEqual({ updated: true, buckets: 1 });

    const table = await run(["sync-rules", "set", "--file=-", "--table"], {
      stdin: JSON.stringify({ buckets: [] }),
    });
    expect(table).toMatchObject({ code: 0, stdout: "Sync rules updated: 0 buckets.\n" });

    const invalid = await run(["sync-rules", "set", "-f", "-"], {
      stdin: JSON.stringify({ buckets: [{ name: "x", tables: "todos", filters: [] }] }),
    });
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/^INVALID_SYNC_RULES: /);
    expect(invalid.stderr).toMatch(/\n {2}- .*buckets\[0\]\.tables/);
  });

  it("exits 1 for a refused token (401), a client token (403) and an unreachable server", async () => {
    const foreign = await gateway.foreignToken(GW);
    const unauthorized = await run(["connectors", "list"], {
      env: { ...env, LAKESYNC_TOKEN: foreign },
    });
    expect(unauthorized.code).toBe(1);
    expect(unauthorized.stderr).toMatch(/^UNAUTHORIZED: /);
    expect(unauthorized.stderr).not.toContain(foreign);

    const clientToken = await gateway.token(GW, "client");
    const forbidden = await run(["connectors", "list", "--token", clientToken]);
    expect(forbidden.code).toBe(1);
    expect(forbidden.stderr).toMatch(/^FORBIDDEN: /);

    const down = await run(["connectors", "list", "--url", "http://127.0.0.1:9"]);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(
      /^NETWORK_ERROR: GET http:\/\/127\.0\.0\.1:9\/admin\/connectors\/cli-gw failed/,
    );
  });

  it("lets flags override the environment", async () => {
    const result = await run(["connectors", "list", "--url", gateway.url, "--gateway", GW], {
      env: {
        LAKESYNC_URL: "http://127.0.0.1:9",
        LAKESYNC_GATEWAY: "wrong",
        LAKESYNC_TOKEN: adminToken,
      },
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([]);
  });

  it("exits 2 on usage errors, naming the problem", async () => {
    const cases: [string[], Record<string, string> | undefined, RegExp][] = [
      [[], undefined, /Usage: lakesync <command>/],
      [["connectors"], undefined, /connectors list/],
      [["deploy"], undefined, /Unknown command "deploy"/],
      [["connectors", "list", "--verbose"], undefined, /Unknown option --verbose/],
      [["connectors", "add"], undefined, /Missing -f FILE/],
      [["connectors", "add", "-f"], undefined, /--file needs a value/],
      [
        ["connectors", "add", "-f", "/nonexistent/c.json"],
        undefined,
        /Cannot read \/nonexistent\/c.json: no such file/,
      ],
      [["connectors", "remove"], undefined, /Missing NAME/],
      [["connectors", "remove", "a", "b"], undefined, /Unexpected argument "b"/],
      [["connectors", "list", "--json", "--table"], undefined, /--json or --table, not both/],
      [["connectors", "list"], { LAKESYNC_URL: "http://x" }, /No gateway id/],
      [["connectors", "list"], { LAKESYNC_URL: "http://x", LAKESYNC_GATEWAY: "g" }, /No token/],
      [["types"], {}, /No server URL/],
      [["types", "--url", "ftp://x"], {}, /must start with http/],
    ];
    for (const [args, caseEnv, message] of cases) {
      const result = await run(args, caseEnv ? { env: caseEnv } : {});
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(message);
    }
    const badJson = await run(["connectors", "add", "-f", "-"], { stdin: "{ not json" });
    expect(badJson.code).toBe(2);
    expect(badJson.stderr).toMatch(/stdin is not valid JSON/);
  });

  it("never prints the token, even where a message would echo it", async () => {
    // The server already redacts a JWT it echoes...
    const echoed = await run(["connectors", "remove", adminToken]);
    expect(echoed.code).toBe(1);
    expect(echoed.stderr).toMatch(/^CONNECTOR_NOT_FOUND: /);
    expect(echoed.stderr).not.toContain(adminToken);
    // ...and the CLI masks its token in anything it prints, whoever wrote it.
    const secret = "plain-secret-0123456789";
    const masked = await run(["connectors", "list"], {
      env: { LAKESYNC_URL: "http://127.0.0.1:9", LAKESYNC_GATEWAY: secret, LAKESYNC_TOKEN: secret },
    });
    expect(masked.code).toBe(1);
    expect(masked.stderr).toContain("/admin/connectors/*** failed");
    expect(masked.stderr).not.toContain(secret);
  });

  it("runs under Bun from source", async () => {
    const result = await run(["connectors", "list", "--table"], { runtime: "bun" });
    expect(result).toMatchObject({ code: 0, stdout: "No connectors.\n", stderr: "" });
  });
});
