import { randomBytes } from "node:crypto";
import { pgliteClient, postgresJsClient, type SqlClient } from "@lakesync/adapter-postgres";
import { type ConnectorConfig, unwrap, validateConnectorConfig } from "@lakesync/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSecretBox, type SecretBox } from "../crypto/secret-box.js";
import { ControlStore } from "./control-store.js";

const API_TOKEN = "ATATT3xFfGF0-very-secret-token";
const jira: ConnectorConfig = unwrap(
  validateConnectorConfig({
    name: "jira-eng",
    type: "jira",
    jira: {
      domain: "mycompany",
      email: "bot@mycompany.com",
      apiToken: API_TOKEN,
      jql: "project = ENG",
    },
    ingest: { intervalMs: 30_000 },
  }),
);
const pg: ConnectorConfig = unwrap(
  validateConnectorConfig({
    name: "users-db",
    type: "postgres",
    postgres: { connectionString: "postgres://user:s3cr3t-pw@db.example.com/mydb" },
  }),
);

const PG_URL = process.env.LAKESYNC_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:55432/postgres";

/** The embedded PGlite and a real PostgreSQL (a fresh schema): the same code runs on both. */
const stores: { name: string; open(): Promise<{ client: SqlClient; dispose(): Promise<void> }> }[] =
  [
    {
      name: "PGlite",
      async open() {
        const client = pgliteClient(undefined);
        return { client, dispose: async () => {} };
      },
    },
    {
      name: "PostgreSQL",
      async open() {
        const schema = `lakesync_ctl_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
        const admin = postgresJsClient(PG_URL, { max: 1 });
        await admin.query(`create schema "${schema}"`);
        const client = postgresJsClient(`${PG_URL}?search_path=${schema}`, { max: 4 });
        return {
          client,
          async dispose() {
            await admin.query(`drop schema "${schema}" cascade`);
            await admin.close();
          },
        };
      },
    },
  ];

describe.each(stores)("ControlStore on $name", (kind) => {
  // One database for the file (PGlite takes seconds to start); tests use their own gateway ids.
  let client: SqlClient;
  let box: SecretBox;
  let store: ControlStore;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ client, dispose } = await kind.open());
    box = await createSecretBox(randomBytes(32));
    store = await ControlStore.open(client, box);
  }, 120_000);
  afterAll(async () => {
    await dispose();
  });

  it("creates its tables idempotently", async () => {
    await ControlStore.open(client, box);
    const rows = await client.query<{ table_name: string }>(
      "select table_name from information_schema.tables where table_name like 'lakesync_%' and table_schema = current_schema() order by 1",
    );
    expect(rows.map((r) => r.table_name)).toEqual([
      "lakesync_connector_state",
      "lakesync_connectors",
      "lakesync_control_meta",
      "lakesync_gateway_schemas",
      "lakesync_gateways",
      "lakesync_sync_rules",
    ]);
  });

  it("round-trips connector configs, encrypted whole: no secret in clear in the table", async () => {
    expect(await store.saveConnector("gw1", jira)).toEqual({ ok: true, value: undefined });
    expect((await store.saveConnector("gw1", pg)).ok).toBe(true);

    const listed = unwrap(await store.listConnectors("gw1"));
    expect(listed.map((c) => [c.name, c.type])).toEqual([
      ["jira-eng", "jira"],
      ["users-db", "postgres"],
    ]);
    expect(listed[0]?.config).toEqual({ ok: true, value: jira });
    expect(listed[1]?.config).toEqual({ ok: true, value: pg });

    const raw = await client.query<{ row: string }>(
      "select row_to_json(c)::text as row from lakesync_connectors c where gateway_id = 'gw1'",
    );
    const dump = raw.map((r) => r.row).join("\n");
    expect(raw).toHaveLength(2);
    for (const secret of [API_TOKEN, "s3cr3t-pw", "bot@mycompany.com", "project = ENG"]) {
      expect(dump).not.toContain(secret);
    }
    expect(dump).toMatch(/"config_encrypted":"v1:/);
  });

  it("answers CONNECTOR_EXISTS for a taken name, per gateway", async () => {
    expect((await store.saveConnector("gw2b", jira)).ok).toBe(true);
    const again = await store.saveConnector("gw2b", jira);
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.code).toBe("CONNECTOR_EXISTS");
    expect((await store.saveConnector("gw2c", jira)).ok).toBe(true);
    expect(unwrap(await store.listConnectors("gw2c"))).toHaveLength(1);
    expect(unwrap(await store.listConnectors("gw2d"))).toEqual([]);
  });

  it("keeps connector state as bytes, and deletes it with the connector", async () => {
    const bytes = Uint8Array.from([0, 1, 2, 254, 255, 0, 92, 120]);
    const state = store.stateStore("gw3", "jira-eng");
    expect(await state.load("cursor")).toBeNull();
    await state.save("cursor", bytes);
    await state.save("snapshot:projects", new TextEncoder().encode("{}"));
    expect(await state.load("cursor")).toEqual(bytes);
    await state.save("cursor", Uint8Array.from([7]));
    expect(await state.load("cursor")).toEqual(Uint8Array.from([7]));
    await state.delete("cursor");
    expect(await state.load("cursor")).toBeNull();
    // Scoped: another connector, another gateway see nothing.
    expect(await store.stateStore("gw3", "other").load("snapshot:projects")).toBeNull();
    expect(await store.stateStore("gw3b", "jira-eng").load("snapshot:projects")).toBeNull();

    await store.saveConnector("gw3", jira);
    expect(unwrap(await store.deleteConnector("gw3", "jira-eng"))).toBe(true);
    expect(unwrap(await store.deleteConnector("gw3", "jira-eng"))).toBe(false);
    expect(await state.load("snapshot:projects")).toBeNull();
    expect(unwrap(await store.listConnectors("gw3"))).toEqual([]);
  });

  it("round-trips sync rules and schemas", async () => {
    expect(unwrap(await store.loadSyncRules("gw4"))).toBeNull();
    const rules = {
      buckets: [
        {
          name: "team-data",
          filters: [{ column: "project_key", op: "eq" as const, value: "jwt:team" }],
          tables: ["jira_issues", "jira_comments"],
        },
      ],
    };
    unwrap(await store.saveSyncRules("gw4", rules));
    expect(unwrap(await store.loadSyncRules("gw4"))).toEqual(rules);
    unwrap(await store.saveSyncRules("gw4", { buckets: [] }));
    expect(unwrap(await store.loadSyncRules("gw4"))).toEqual({ buckets: [] });
    expect(unwrap(await store.loadSyncRules("gw4b"))).toBeNull();

    const issues = {
      table: "jira_issues",
      columns: [
        { name: "key", type: "string" as const },
        { name: "summary", type: "string" as const },
      ],
    };
    unwrap(await store.saveSchema("gw4", issues));
    unwrap(
      await store.saveSchema("gw4", { table: "a_first", columns: [{ name: "x", type: "number" }] }),
    );
    const widened = {
      ...issues,
      columns: [...issues.columns, { name: "status", type: "string" as const }],
    };
    unwrap(await store.saveSchema("gw4", widened));
    expect(unwrap(await store.listSchemas("gw4"))).toEqual([
      { table: "a_first", columns: [{ name: "x", type: "number" }] },
      widened,
    ]);
    expect(unwrap(await store.listSchemas("gw4b"))).toEqual([]);
  });

  it("records gateway ids once, in order", async () => {
    unwrap(await store.addGateway("b"));
    unwrap(await store.addGateway("a"));
    unwrap(await store.addGateway("b"));
    expect(unwrap(await store.listGateways())).toEqual(["b", "a"]);
  });

  it("refuses to open with another encryption key", async () => {
    const other = await createSecretBox(randomBytes(32));
    await expect(ControlStore.open(client, other)).rejects.toThrow(
      /encryption key does not match.*LAKESYNC_ENCRYPTION_KEY/,
    );
  });

  it("does not open a config moved to another row (bound to its gateway and name)", async () => {
    await store.saveConnector("gw7", jira);
    await store.saveConnector("gw7", pg);
    await client.query(
      `update lakesync_connectors set config_encrypted =
         (select config_encrypted from lakesync_connectors where gateway_id = 'gw7' and name = 'jira-eng')
       where gateway_id = 'gw7' and name = 'users-db'`,
    );
    const listed = unwrap(await store.listConnectors("gw7"));
    expect(listed[0]?.config.ok).toBe(true);
    const moved = listed[1]?.config;
    expect(moved?.ok).toBe(false);
    if (moved && !moved.ok) expect(moved.error.code).toBe("INVALID_CONFIG");
  });

  // Last: it closes the shared client.
  it("turns database failures into ADAPTER_ERROR values", async () => {
    await client.close();
    const result = await store.listGateways();
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe("ADAPTER_ERROR");
      expect(result.error.message).toMatch(/Control store could not list gateways/);
    }
  });
});
