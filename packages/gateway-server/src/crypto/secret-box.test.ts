import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createSecretBox,
  KEY_FILE_NAME,
  loadEncryptionKey,
  openSecretBox,
  parseEncryptionKey,
} from "./secret-box.js";

const config = { type: "jira", jira: { apiToken: "ATATT3xFfGF0-secret" } };

// The box itself (envelope, context, damaged envelopes, the stored format) is tested in
// @lakesync/gateway (packages/gateway/src/crypto/secret-box.test.ts); here, the server's parts.
describe("createSecretBox (server)", () => {
  it("opens what the server wrote before the box moved to @lakesync/gateway", async () => {
    const box = await createSecretBox(
      parseEncryptionKey("AwoRGB8mLTQ7QklQV15lbHN6gYiPlp2kq7K5wMfO1dw="),
    );
    expect(await box.decrypt("v1:1L5pgHa5DI0ZaZVO:VTLflS5S83yeCykQzeyp/3Ld6mosPf57UK3T")).toEqual({
      ok: true,
      value: "key-check",
    });
  });

  it("names the server's key sources when another key cannot open a value", async () => {
    const sealed = await (await createSecretBox(randomBytes(32))).encrypt(config);
    const opened = await (await createSecretBox(randomBytes(32))).decrypt(sealed);
    expect(opened.ok ? undefined : opened.error).toMatchObject({
      code: "INVALID_CONFIG",
      message: expect.stringMatching(/LAKESYNC_ENCRYPTION_KEY or the data dir's encryption\.key/),
    });
  });
});

describe("parseEncryptionKey", () => {
  it("reads 32 bytes as base64 (standard, URL-safe, unpadded) or 64 hex characters", () => {
    const key = randomBytes(32);
    const b64 = key.toString("base64");
    expect(parseEncryptionKey(b64)).toEqual(Uint8Array.from(key));
    expect(parseEncryptionKey(`  ${b64}\n`)).toEqual(Uint8Array.from(key));
    expect(parseEncryptionKey(key.toString("base64url"))).toEqual(Uint8Array.from(key));
    expect(parseEncryptionKey(key.toString("hex"))).toEqual(Uint8Array.from(key));
    expect(parseEncryptionKey(key.toString("hex").toUpperCase())).toEqual(Uint8Array.from(key));
  });

  it("throws a clear startup error for anything else, without echoing the value", () => {
    for (const bad of [
      "",
      "hunter2-is-my-password",
      randomBytes(16).toString("base64"),
      randomBytes(33).toString("base64"),
      randomBytes(31).toString("hex"),
      "z".repeat(64),
    ]) {
      let message = "";
      try {
        parseEncryptionKey(bad);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message, bad).toMatch(/LAKESYNC_ENCRYPTION_KEY must be 32 bytes/);
      if (bad.length > 0) expect(message).not.toContain(bad);
    }
  });
});

describe("loadEncryptionKey", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "lakesync-key-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("generates a key file with mode 0600 once, and reuses it on restart", async () => {
    const dataDir = join(dir, "data");
    const first = await loadEncryptionKey({ dataDir });
    expect(first.source).toBe("generated");
    const path = join(dataDir, KEY_FILE_NAME);
    expect(first.path).toBe(path);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(parseEncryptionKey(await readFile(path, "utf8"))).toEqual(first.key);

    const second = await loadEncryptionKey({ dataDir, encryptionKey: "" });
    expect(second.source).toBe("file");
    expect(second.key).toEqual(first.key);

    // What one box sealed, a box from the reloaded key opens.
    const sealed = await (await openSecretBox({ dataDir })).encrypt({ token: "t" });
    expect(await (await openSecretBox({ dataDir })).decrypt(sealed)).toEqual({
      ok: true,
      value: { token: "t" },
    });
  });

  it("prefers LAKESYNC_ENCRYPTION_KEY and then writes no file", async () => {
    const key = randomBytes(32);
    const loaded = await loadEncryptionKey({ dataDir: dir, encryptionKey: key.toString("hex") });
    expect(loaded).toEqual({ key: Uint8Array.from(key), source: "env" });
    await expect(stat(join(dir, KEY_FILE_NAME))).rejects.toThrow(/ENOENT/);
  });

  it("throws a clear error for a bad env key or a damaged key file", async () => {
    await expect(loadEncryptionKey({ dataDir: dir, encryptionKey: "short" })).rejects.toThrow(
      /LAKESYNC_ENCRYPTION_KEY must be 32 bytes/,
    );
    await writeFile(join(dir, KEY_FILE_NAME), "garbage\n");
    await expect(loadEncryptionKey({ dataDir: dir })).rejects.toThrow(
      /key file .*encryption\.key must be 32 bytes/,
    );
  });
});
