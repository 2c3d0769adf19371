import { describe, expect, it } from "vitest";
import { ConfigError, parseServerConfig } from "../src/config/env.js";
import { spawnServer } from "./support/server-process.js";

const SECRET = "a-config-test-secret-of-at-least-32-bytes";

function problems(env: Record<string, string>): string[] {
  try {
    parseServerConfig(env, "/srv/app");
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).issues.map((i) => i.message);
  }
  throw new Error("The configuration was accepted");
}

describe("parseServerConfig", () => {
  it("has defaults for everything: port 3000 on 0.0.0.0, PGlite in ./.lakesync, dev auth", () => {
    expect(parseServerConfig({}, "/srv/app")).toEqual({
      port: 3000,
      host: "0.0.0.0",
      auth: { kind: "dev" },
      devGatewayId: "my-gw",
      dataDir: "/srv/app/.lakesync",
      store: { kind: "pglite", dir: "/srv/app/.lakesync/pglite" },
      encryptionKey: undefined,
      allowPrivateUrls: false,
      logLevel: "info",
      maxBodyBytes: undefined,
      corsOrigins: [],
    });
  });

  it("reads every variable", () => {
    const key = Buffer.alloc(32, 7).toString("base64");
    const config = parseServerConfig(
      {
        PORT: "8080",
        HOST: "127.0.0.1",
        LAKESYNC_JWT_SECRET: SECRET,
        LAKESYNC_DATA_DIR: "/var/lib/lakesync",
        LAKESYNC_STORE_URL: "postgres://app:pw@db:5432/lakesync",
        LAKESYNC_ENCRYPTION_KEY: key,
        LAKESYNC_ALLOW_PRIVATE_URLS: "1",
        LOG_LEVEL: "WARN",
        LAKESYNC_MAX_BODY_BYTES: "2097152",
        LAKESYNC_CORS_ORIGINS: "https://admin.example.com, http://localhost:5173",
        LAKESYNC_DEV_GATEWAY: "ignored-with-a-secret",
      },
      "/srv/app",
    );
    expect(config).toMatchObject({
      port: 8080,
      host: "127.0.0.1",
      auth: { kind: "secret", secret: SECRET },
      dataDir: "/var/lib/lakesync",
      store: { kind: "postgres", url: "postgres://app:pw@db:5432/lakesync" },
      encryptionKey: key,
      allowPrivateUrls: true,
      logLevel: "warn",
      maxBodyBytes: 2_097_152,
      corsOrigins: ["https://admin.example.com", "http://localhost:5173"],
    });
    expect(parseServerConfig({ LAKESYNC_CORS_ORIGINS: "*" }).corsOrigins).toEqual(["*"]);
    for (const bad of ["admin.example.com", "https://admin.example.com/", "ftp://x.example.com"]) {
      expect(() => parseServerConfig({ LAKESYNC_CORS_ORIGINS: bad })).toThrow(
        /LAKESYNC_CORS_ORIGINS/,
      );
    }
    expect(
      parseServerConfig({ LAKESYNC_JWKS_URL: "https://issuer.example.com/jwks.json" }).auth,
    ).toEqual({
      kind: "jwks",
      jwksUrl: "https://issuer.example.com/jwks.json",
    });
    expect(parseServerConfig({ PORT: "0", LAKESYNC_ALLOW_PRIVATE_URLS: "true" })).toMatchObject({
      port: 0,
      allowPrivateUrls: true,
    });
  });

  it("treats empty values as unset", () => {
    expect(parseServerConfig({ PORT: "", LAKESYNC_JWT_SECRET: " ", LOG_LEVEL: "" })).toMatchObject({
      port: 3000,
      auth: { kind: "dev" },
      logLevel: "info",
    });
  });

  it("names the variable of a bad PORT", () => {
    for (const port of ["abc", "-1", "65536", "80.5", "3000abc"]) {
      expect(problems({ PORT: port })).toEqual([
        `PORT must be an integer from 0 to 65535 (0 picks a free port), got "${port}"`,
      ]);
    }
  });

  it("explains a bad encryption key without echoing it", () => {
    const [message] = problems({ LAKESYNC_ENCRYPTION_KEY: "not-a-real-key-value" });
    expect(message).toMatch(/^LAKESYNC_ENCRYPTION_KEY must be 32 bytes written as base64/);
    expect(message).toContain("openssl rand -base64 32");
    expect(message).not.toContain("not-a-real-key-value");
  });

  it("says mysql:// stores are not supported yet, without echoing the URL", () => {
    const [message] = problems({ LAKESYNC_STORE_URL: "mysql://root:hunter2@db/lakesync" });
    expect(message).toBe(
      "LAKESYNC_STORE_URL: mysql:// stores are not supported yet; use postgres://… or leave it unset for the embedded store",
    );
    expect(problems({ LAKESYNC_STORE_URL: "redis://x:hunter2@cache" })[0]).toMatch(
      /^LAKESYNC_STORE_URL must be a postgres:\/\/ URL .*"redis"/,
    );
    expect(problems({ LAKESYNC_STORE_URL: "redis://x:hunter2@cache" })[0]).not.toContain("hunter2");
  });

  it("refuses a short JWT secret without echoing it, and a secret together with a JWKS URL", () => {
    const [short] = problems({ LAKESYNC_JWT_SECRET: "tooshort" });
    expect(short).toMatch(/^LAKESYNC_JWT_SECRET must be at least 32 bytes long/);
    expect(short).not.toContain("tooshort");
    expect(
      problems({
        LAKESYNC_JWT_SECRET: SECRET,
        LAKESYNC_JWKS_URL: "https://issuer.example.com/jwks",
      }),
    ).toEqual([
      "LAKESYNC_JWT_SECRET and LAKESYNC_JWKS_URL are both set: tokens are verified one way; set only one",
    ]);
    expect(problems({ LAKESYNC_JWKS_URL: "not a url" })[0]).toMatch(/^LAKESYNC_JWKS_URL must be/);
  });

  it("lists every bad variable at once", () => {
    const error = (() => {
      try {
        parseServerConfig({
          PORT: "http",
          LOG_LEVEL: "verbose",
          LAKESYNC_ALLOW_PRIVATE_URLS: "maybe",
          LAKESYNC_MAX_BODY_BYTES: "0",
          LAKESYNC_DEV_GATEWAY: "a/b",
        });
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error("accepted");
    })();
    expect(error.issues.map((i) => i.variable)).toEqual([
      "PORT",
      "LAKESYNC_DEV_GATEWAY",
      "LAKESYNC_ALLOW_PRIVATE_URLS",
      "LOG_LEVEL",
      "LAKESYNC_MAX_BODY_BYTES",
    ]);
    expect(error.message).toContain(
      'LOG_LEVEL must be one of debug, info, warn, error, got "verbose"',
    );
    expect(error.message).toContain(
      'LAKESYNC_ALLOW_PRIVATE_URLS must be 1/true or 0/false, got "maybe"',
    );
    expect(error.message).toContain(
      "LAKESYNC_MAX_BODY_BYTES must be a positive whole number of bytes",
    );
  });

  it("makes the process exit 1 with the message on stderr", async () => {
    const server = spawnServer({ PORT: "nope", LAKESYNC_STORE_URL: "mysql://u:secretpw@h/db" });
    const status = await server.exited;
    expect(status.code).toBe(1);
    expect(server.stderr()).toContain(
      'PORT must be an integer from 0 to 65535 (0 picks a free port), got "nope"',
    );
    expect(server.stderr()).toContain("LAKESYNC_STORE_URL: mysql:// stores are not supported yet");
    expect(server.stderr() + server.stdout()).not.toContain("secretpw");
  });
});
