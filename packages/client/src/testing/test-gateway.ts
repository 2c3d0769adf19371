import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { postgresJsClient, type SqlClient } from "@lakesync/adapter-postgres";
import { encodeHlc, makeDelta } from "@lakesync/core";
import { deltaToJson, signToken } from "@lakesync/gateway";
import {
  createServerLogger,
  defaultConnectorFactories,
  parseServerConfig,
  type RunningServer,
  startServer,
} from "@lakesync/gateway-server";
import type { RowDeltaJson } from "../wire.js";

/** The test PostgreSQL (`bun run services:start`). */
export const PG_URL =
  process.env.LAKESYNC_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:55432/postgres";

const SECRET = `client-test-secret-${randomBytes(16).toString("hex")}`;

/** `url` with `search_path` set to `schema`. */
export const withSchema = (url: string, schema: string) =>
  `${url}${url.includes("?") ? "&" : "?"}search_path=${schema}`;

/**
 * A real gateway server in this process on a free port, its store in a fresh PostgreSQL
 * schema (dropped by `stop`), verifying HS256 tokens signed by `token()`.
 */
export class TestGateway {
  server!: RunningServer;
  readonly logLines: string[] = [];
  readonly schema = `client_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  #admin!: SqlClient;
  #dataDir!: string;
  #port = 0;
  readonly #encryptionKey = randomBytes(32).toString("hex");

  get url(): string {
    return this.server.url;
  }

  get port(): number {
    return this.#port;
  }

  /** Creates the schema and starts the server. */
  async start(): Promise<this> {
    this.#admin = postgresJsClient(PG_URL, { max: 1 });
    await this.#admin.query(`create schema "${this.schema}"`);
    this.#dataDir = await mkdtemp(join(tmpdir(), "lakesync-client-"));
    await this.#listen();
    return this;
  }

  async #listen(): Promise<void> {
    const config = parseServerConfig({
      PORT: String(this.#port),
      HOST: "127.0.0.1",
      LAKESYNC_JWT_SECRET: SECRET,
      LAKESYNC_DATA_DIR: this.#dataDir,
      LAKESYNC_STORE_URL: withSchema(PG_URL, this.schema),
      LAKESYNC_ENCRYPTION_KEY: this.#encryptionKey,
      LOG_LEVEL: "warn",
    });
    this.server = await startServer({
      config,
      factories: defaultConnectorFactories(),
      logger: createServerLogger({ level: "warn", write: (line) => this.logLines.push(line) }),
      flushIntervalMs: 60_000,
      heartbeatMs: 0,
      drainTimeoutMs: 1000,
    });
    this.#port = this.server.port;
  }

  /** Closes the server (WebSockets get 1001); `resume` starts it again on the same port. */
  async pause(): Promise<void> {
    await this.server.close();
  }

  async resume(): Promise<void> {
    await this.#listen();
  }

  /** Closes the server, drops the schema and the data dir. */
  async stop(): Promise<void> {
    await this.server?.close().catch(() => {});
    await this.#admin?.query(`drop schema if exists "${this.schema}" cascade`).catch(() => {});
    await this.#admin?.close().catch(() => {});
    if (this.#dataDir) await rm(this.#dataDir, { recursive: true, force: true });
  }

  /** A token signed with the server's secret. */
  token(
    gw: string,
    role: "admin" | "client",
    sub: string = role,
    claims: Record<string, unknown> = {},
    expiresIn: number | string = 600,
  ): Promise<string> {
    return signToken({ secret: SECRET, sub, gw, role, expiresIn, claims });
  }

  /** A token for `gw` signed with another secret: the server refuses it (401). */
  foreignToken(gw: string): Promise<string> {
    return signToken({
      secret: `another-secret-${randomBytes(16).toString("hex")}`,
      sub: "x",
      gw,
      role: "admin",
      expiresIn: 600,
    });
  }
}

let counter = 0;

/** An INSERT of `row` into `table` by `clientId`, stamped now, as the wire carries it. */
export function insertJson(
  clientId: string,
  table: string,
  rowId: string,
  row: Record<string, unknown>,
): RowDeltaJson {
  counter = (counter + 1) % 0xffff;
  const columns = Object.entries(row).map(([column, value]) => ({ column, value }));
  return deltaToJson(
    makeDelta({ op: "INSERT", table, rowId, columns }, clientId, encodeHlc(Date.now(), counter)),
  );
}
