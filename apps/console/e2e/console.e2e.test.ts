import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { postgresJsClient, type SqlClient } from "@lakesync/adapter-postgres";
import { registerConnectorDescriptor, unregisterConnectorDescriptor } from "@lakesync/core";
import { signToken } from "@lakesync/gateway";
import {
  createServerLogger,
  defaultConnectorFactories,
  parseServerConfig,
  type RunningServer,
  startServer,
} from "@lakesync/gateway-server";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The console in real headless Chromium against a real gateway server in this process (its
// store in a fresh schema of the test PostgreSQL), serving the built console at /console.

const CHROMIUM = "/usr/bin/chromium";
const PG_URL = process.env.LAKESYNC_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:55432/postgres";
const APP_DIR = fileURLToPath(new URL("..", import.meta.url));
const DIST = join(APP_DIR, "dist");
const SHOTS = fileURLToPath(new URL("../../../test-output/console/", import.meta.url));
const GW = "console-gw";
const CUSTOM = "e2e-custom";
const SECRET = `console-e2e-secret-${randomBytes(16).toString("hex")}`;

const hasChromium = existsSync(CHROMIUM);
const inCi = process.env.CI === "true";
if (!hasChromium && !inCi) {
  console.warn(
    `SKIPPED console e2e: ${CHROMIUM} is missing (apt-get install -y chromium); it always runs in CI.`,
  );
}

const withSchema = (url: string, schema: string) =>
  `${url}${url.includes("?") ? "&" : "?"}search_path=${schema}`;

describe.skipIf(!hasChromium && !inCi)("the console in headless Chromium", () => {
  const schema = `console_e2e_${process.pid}_${randomBytes(4).toString("hex")}`;
  let admin: SqlClient;
  let dataDir: string;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let token: string;

  beforeAll(async () => {
    // A custom type, known to the console only through GET /connectors/types.
    registerConnectorDescriptor({
      type: CUSTOM,
      displayName: "E2E custom",
      description: "A type registered by the test.",
      category: "api",
      configSchema: {
        $schema: "http://json-schema.org/draft-07/schema#",
        type: "object",
        properties: {
          region: { type: "string", enum: ["eu", "us"] },
          verbose: { type: "boolean" },
          retries: { type: "integer", minimum: 0, maximum: 5 },
          auth: {
            type: "object",
            properties: { apiKey: { type: "string", writeOnly: true } },
            required: ["apiKey"],
          },
        },
        required: ["region", "auth"],
      },
      ingestSchema: { type: "object", properties: { intervalMs: { type: "integer" } } },
      outputTables: null,
    });
    if (!existsSync(join(DIST, "index.html"))) {
      const { build } = await import("vite");
      await build({ root: APP_DIR, logLevel: "warn" });
    }
    await mkdir(SHOTS, { recursive: true });
    admin = postgresJsClient(PG_URL, { max: 1 });
    await admin.query(`create schema "${schema}"`);
    await admin.query(
      `create table "${schema}".events (id int primary key, title text not null, updated_at timestamptz not null default clock_timestamp())`,
    );
    await admin.query(
      `insert into "${schema}".events (id, title) select i, 'event ' || i from generate_series(1, 3) i`,
    );
    dataDir = await mkdtemp(join(tmpdir(), "lakesync-console-"));
    server = await startServer({
      config: parseServerConfig({
        PORT: "0",
        HOST: "127.0.0.1",
        LAKESYNC_JWT_SECRET: SECRET,
        LAKESYNC_DATA_DIR: dataDir,
        LAKESYNC_STORE_URL: withSchema(PG_URL, schema),
        LAKESYNC_ENCRYPTION_KEY: randomBytes(32).toString("hex"),
        LOG_LEVEL: "error",
      }),
      factories: defaultConnectorFactories(),
      logger: createServerLogger({ level: "error", write: () => {} }),
      flushIntervalMs: 60_000,
      heartbeatMs: 0,
      drainTimeoutMs: 1000,
      consoleDir: DIST,
    });
    token = await signToken({
      secret: SECRET,
      sub: "admin",
      gw: GW,
      role: "admin",
      expiresIn: 600,
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
  });

  afterAll(async () => {
    unregisterConnectorDescriptor(CUSTOM);
    await browser?.close().catch(() => {});
    await server?.close().catch(() => {});
    await admin?.query(`drop schema if exists "${schema}" cascade`).catch(() => {});
    await admin?.close().catch(() => {});
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  async function fillNewPostgresForm(name: string, table: string): Promise<void> {
    await page.getByRole("button", { name: "Add connector" }).click();
    await page.locator("#connector-type").selectOption("postgres");
    await page.locator('[name="name"]').fill(name);
    const secret = page.locator('[name="postgres.connectionString"]');
    expect(await secret.getAttribute("type")).toBe("password");
    await secret.fill(withSchema(PG_URL, schema));
    await page.getByLabel("Configure Ingest").check();
    await page.locator('[name="ingest.intervalMs"]').fill("200");
    await page.locator('[name="ingest.tables[0].table"]').fill(table);
    await page.locator('[name="ingest.tables[0].query"]').fill("SELECT * FROM events");
    await page.locator('[name="ingest.tables[0].strategy.type"]').selectOption("cursor");
    await page.locator('[name="ingest.tables[0].strategy.cursorColumn"]').fill("updated_at");
  }

  it("signs in, adds a Postgres connector, shows field errors and removes it", async () => {
    await page.goto(`${server.url}/console/`);
    expect(await page.locator('[name="url"]').inputValue()).toBe(server.url);
    await page.locator('[name="gatewayId"]').fill(GW);
    await page.locator('[name="token"]').fill(token);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText("No connectors yet.").waitFor();
    expect(page.url()).not.toContain(token);

    // Client-side validation: required fields, before anything is sent.
    await page.getByRole("button", { name: "Add connector" }).click();
    await page.locator("#connector-type").selectOption("postgres");
    await page
      .locator("form.connector-form")
      .getByRole("button", { name: "Add connector" })
      .click();
    await expect
      .poll(() => page.locator('[data-error-for="postgres.connectionString"]').textContent())
      .toContain("Required");
    await page.getByRole("button", { name: "Back to the list" }).click();

    await fillNewPostgresForm("events-db", "events");
    await page.screenshot({ path: join(SHOTS, "form.png"), fullPage: true });
    await page
      .locator("form.connector-form")
      .getByRole("button", { name: "Add connector" })
      .click();
    const row = page.locator('tr[data-connector="events-db"]');
    await row.waitFor();
    await expect
      .poll(() => row.locator("td.state").textContent(), { timeout: 20_000 })
      .toBe("polling");
    await expect.poll(() => row.textContent(), { timeout: 20_000 }).not.toContain("never");
    expect(await row.textContent()).toContain("postgres");
    await page.screenshot({ path: join(SHOTS, "list.png"), fullPage: true });

    // A config the schema form lets through but the server refuses: its issue shows beside
    // the field it names (the table name is longer than the server's 128 characters).
    await fillNewPostgresForm("bad-db", "t".repeat(129));
    await page
      .locator("form.connector-form")
      .getByRole("button", { name: "Add connector" })
      .click();
    const fieldError = page.locator('[data-field="ingest.tables[0].table"] [data-error-for]');
    await fieldError.waitFor({ timeout: 20_000 });
    expect(await fieldError.textContent()).toBeTruthy();
    await page.screenshot({ path: join(SHOTS, "form-server-error.png"), fullPage: true });
    await page.getByRole("button", { name: "Back to the list" }).click();
    expect(await page.locator('tr[data-connector="bad-db"]').count()).toBe(0);

    // A custom type renders from its schemas alone: enum → select, boolean → checkbox,
    // writeOnly → password, numbers checked against minimum/maximum before sending.
    await page.getByRole("button", { name: "Add connector" }).click();
    await page.locator("#connector-type").selectOption(CUSTOM);
    expect(await page.locator(`select[name="${CUSTOM}.region"] option`).allTextContents()).toEqual([
      "Choose…",
      "eu",
      "us",
    ]);
    expect(await page.locator(`[name="${CUSTOM}.verbose"]`).getAttribute("type")).toBe("checkbox");
    expect(await page.locator(`[name="${CUSTOM}.auth.apiKey"]`).getAttribute("type")).toBe(
      "password",
    );
    await page.locator(`[name="${CUSTOM}.retries"]`).fill("9");
    await page
      .locator("form.connector-form")
      .getByRole("button", { name: "Add connector" })
      .click();
    await expect
      .poll(() => page.locator(`[data-error-for="${CUSTOM}.retries"]`).textContent())
      .toContain("at most 5");
    expect(await page.locator(`[data-error-for="${CUSTOM}.region"]`).textContent()).toContain(
      "Required",
    );
    await page.getByRole("button", { name: "Back to the list" }).click();

    // Remove, with confirmation: Cancel keeps it, Remove removes it.
    await row.getByRole("button", { name: "Remove" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
    expect(await row.count()).toBe(1);
    await row.getByRole("button", { name: "Remove" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Remove" }).click();
    await row.waitFor({ state: "detached" });
    await page.getByText("No connectors yet.").waitFor();
  });
});
