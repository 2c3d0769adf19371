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

const config = {
  type: "jira",
  name: "jira-eng",
  jira: { domain: "mycompany", email: "bot@mycompany.com", apiToken: "ATATT3xFfGF0-secret" },
  ingest: { intervalMs: 30_000 },
  nested: [1, true, null, { ü: "ünïcödé" }],
};

describe("SecretBox", () => {
  it("round-trips JSON values in a v1 envelope, with a fresh IV each time", async () => {
    const box = await createSecretBox(randomBytes(32));
    const a = await box.encrypt(config);
    const b = await box.encrypt(config);
    expect(a).toMatch(/^v1:[A-Za-z0-9+/]+={0,2}:[A-Za-z0-9+/]+={0,2}$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain("ATATT3");
    expect(await box.decrypt(a)).toEqual({ ok: true, value: config });
    expect(await box.decrypt(b)).toEqual({ ok: true, value: config });
    expect(await box.decrypt(await box.encrypt("plain"))).toEqual({ ok: true, value: "plain" });
  });

  it("answers a clear error, never garbage, for another key", async () => {
    const sealed = await (await createSecretBox(randomBytes(32))).encrypt(config);
    const other = await createSecretBox(randomBytes(32));
    const opened = await other.decrypt(sealed);
    expect(opened.ok).toBe(false);
    if (opened.ok) return;
    expect(opened.error.code).toBe("INVALID_CONFIG");
    expect(opened.error.message).toMatch(/encryption key/);
    expect(opened.error.message).not.toContain("ATATT3");
  });

  it("binds the context: an envelope opens only with the context it was sealed with", async () => {
    const box = await createSecretBox(randomBytes(32));
    const sealed = await box.encrypt(config, "gw-a/jira-eng");
    expect((await box.decrypt(sealed, "gw-a/jira-eng")).ok).toBe(true);
    expect((await box.decrypt(sealed, "gw-b/jira-eng")).ok).toBe(false);
    expect((await box.decrypt(sealed)).ok).toBe(false);
  });

  it("refuses damaged, truncated and unknown envelopes", async () => {
    const box = await createSecretBox(randomBytes(32));
    const sealed = await box.encrypt(config);
    const [v, iv, ct] = sealed.split(":") as [string, string, string];
    const flipped = Buffer.from(ct, "base64");
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    for (const bad of [
      `${v}:${iv}:${flipped.toString("base64")}`,
      `${v}:${iv}:${ct.slice(0, 8)}`,
      `v2:${iv}:${ct}`,
      `${v}:${iv}`,
      "not an envelope",
      "",
      `${v}:!!!:${ct}`,
    ]) {
      const opened = await box.decrypt(bad);
      expect(opened.ok, bad).toBe(false);
      if (!opened.ok) expect(opened.error.code).toBe("INVALID_CONFIG");
    }
  });

  it("wants a 32-byte key", async () => {
    await expect(createSecretBox(randomBytes(16))).rejects.toThrow(/32 bytes/);
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
