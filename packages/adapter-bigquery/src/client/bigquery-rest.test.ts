import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type LocalServer, startLocalServer } from "../testing/local-server.js";
import { BigQueryRest } from "./bigquery-rest.js";

// The client against small local servers answering what the fake BigQuery never does.

const servers: LocalServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

async function serve(...args: Parameters<typeof startLocalServer>): Promise<LocalServer> {
  const server = await startLocalServer(...args);
  servers.push(server);
  return server;
}

/** A dry-run job as BigQuery answers it. */
const DRY_RUN_JOB = {
  kind: "bigquery#job",
  status: { state: "DONE" },
  statistics: {
    totalBytesProcessed: "0",
    query: { schema: { fields: [{ name: "f0_", type: "INTEGER", mode: "NULLABLE" }] } },
  },
};

function client(apiEndpoint: string): BigQueryRest {
  return new BigQueryRest({ projectId: "my-project", dataset: "events_ds", apiEndpoint });
}

describe("BigQueryRest", () => {
  it("refuses a redirect to another host, naming its status and not its location", async () => {
    const elsewhere = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(DRY_RUN_JOB));
    });
    const redirecting = await serve((_req, res) => {
      res.writeHead(302, { location: `${elsewhere.url}/bigquery/v2/x?access_token=s3cret` }).end();
    });
    const failed = await client(redirecting.url)
      .dryRun("SELECT 1")
      .catch((e: Error) => e);
    expect(failed).toBeInstanceOf(Error);
    expect((failed as Error).message).toMatch(/redirect \(HTTP 302\).*not followed/);
    expect((failed as Error).message).not.toMatch(/s3cret|127\.0\.0\.1/);
    expect(redirecting.requests).toHaveLength(1);
    expect(elsewhere.requests).toEqual([]);
  });

  it("fails clearly, without code text, on an answer that is empty, not JSON or not a result", async () => {
    const answers: [string, string, RegExp][] = [
      [
        "/jobs",
        "",
        /^BigQuery answered an unexpected response to a dry-run jobs.insert: an empty body \(HTTP 200\)$/,
      ],
      [
        "/jobs",
        "<html>hello</html>",
        /dry-run jobs.insert: a body that is not a JSON object \(HTTP 200\)$/,
      ],
      ["/queries", "[1, 2]", /jobs.query: a body that is not a JSON object/],
      ["/queries", '{"jobComplete": true, "rows": [1]}', /jobs.query: rows\[0\] is not a row/],
      [
        "/queries",
        '{"jobComplete": true, "schema": {"fields": "id"}}',
        /jobs.query: schema.fields is not a list/,
      ],
      [
        "/queries",
        '{"jobComplete": false}',
        /jobs.query: an incomplete job without its jobReference/,
      ],
    ];
    for (const [path, body, message] of answers) {
      const server = await serve((_req, res) => {
        res.writeHead(200, { "content-type": "application/json" }).end(body);
      });
      const bq = client(server.url);
      const failed = await (path === "/jobs" ? bq.dryRun("SELECT 1") : bq.run("SELECT 1")).catch(
        (e: Error) => e,
      );
      expect(failed).toBeInstanceOf(Error);
      expect((failed as Error).message).toMatch(message);
      expect((failed as Error).message).not.toMatch(/undefined|evaluating|reading '/);
    }
  });

  it("fails at once, sending nothing, when Google's credentials cannot be had", async () => {
    const bq = new BigQueryRest({
      projectId: "my-project",
      dataset: "events_ds",
      keyFilename: "/nonexistent/lakesync-test-key.json",
    });
    await expect(bq.dryRun("SELECT 1")).rejects.toThrow(/^Cannot get Google credentials: .*ENOENT/);
  });

  it("names a keyFilename that is no key file, quoting nothing of it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lakesync-key-"));
    try {
      const warned = vi.spyOn(console, "warn");
      for (const [name, content] of [
        ["passwd", "root:x:0:0:TOP-SECRET-LINE:/root:/bin/bash\n"],
        ["other.json", '{"type":"TOP-SECRET-LINE","token":"x"}'],
      ]) {
        const keyFilename = join(dir, name as string);
        writeFileSync(keyFilename, content as string);
        const bq = new BigQueryRest({ projectId: "my-project", dataset: "d", keyFilename });
        const failed = await bq.dryRun("SELECT 1").catch((e: Error) => e);
        expect((failed as Error).message).toBe(
          `Cannot get Google credentials: keyFilename ${keyFilename} is not a service account key or user credentials file (JSON with "type": "service_account" or "authorized_user")`,
        );
      }
      // The library's deprecated keyFilename option would have warned on every use.
      expect(warned).not.toHaveBeenCalled();
      warned.mockRestore();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
