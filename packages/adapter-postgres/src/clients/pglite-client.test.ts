import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeHlc, makeDelta } from "@lakesync/core";
import { afterAll, describe, expect, it } from "vitest";
import { PostgresAdapter } from "../adapter/postgres-adapter.js";
import { SqlClientError } from "../db-error.js";
import { pgliteClient } from "./pglite-client.js";

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "lakesync-pglite-"));
  dirs.push(dir);
  return dir;
}

describe("pgliteClient", () => {
  it("keeps the store in its data directory across a restart", async () => {
    const dataDir = join(await tempDir(), "store");
    const delta = makeDelta(
      { op: "INSERT", table: "todos", rowId: "1", columns: [{ column: "title", value: "kept" }] },
      "client",
      encodeHlc(1_750_000_000_000, 0),
    );
    const first = new PostgresAdapter({ client: pgliteClient(dataDir), gatewayId: "gw" });
    expect(
      (await first.ensureSchema({ table: "todos", columns: [{ name: "title", type: "string" }] }))
        .ok,
    ).toBe(true);
    expect((await first.insertDeltas([{ position: delta.hlc, delta }])).ok).toBe(true);
    await first.close();
    await first.close();

    const client = pgliteClient(dataDir);
    const second = new PostgresAdapter({ client, gatewayId: "gw" });
    try {
      expect(await second.lastPosition()).toEqual({ ok: true, value: delta.hlc });
      expect(await second.readRow("todos", "1")).toEqual({ ok: true, value: { title: "kept" } });
      const page = await second.queryDeltasSince(0n, 10);
      expect(page.ok && page.value.deltas.map((e) => e.delta.deltaId)).toEqual([delta.deltaId]);
      expect(await second.listSchemas()).toEqual({
        ok: true,
        value: [{ table: "todos", columns: [{ name: "title", type: "string" }] }],
      });
      expect(await client.query("select title from todos")).toEqual([{ title: "kept" }]);
    } finally {
      await second.close();
    }
  }, 120_000);

  it("reports a data directory it cannot open on first use", async () => {
    const file = join(await tempDir(), "not-a-directory");
    await writeFile(file, "x");
    const client = pgliteClient(file);
    const err = await client.query("select 1").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SqlClientError);
    const adapter = new PostgresAdapter({ client, gatewayId: "gw" });
    const page = await adapter.queryDeltasSince(0n, 10);
    expect(page.ok).toBe(false);
    await adapter.close();
  }, 120_000);
});
