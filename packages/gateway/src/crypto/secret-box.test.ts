import { base64ToBytes, bytesToBase64 } from "@lakesync/core";
import { describe, expect, it } from "vitest";
import { createSecretBox, decodeEncryptionKey, ENVELOPE_VERSION } from "./secret-box.js";

const config = {
  type: "jira",
  name: "jira-eng",
  jira: { domain: "mycompany", email: "bot@mycompany.com", apiToken: "ATATT3xFfGF0-secret" },
  ingest: { intervalMs: 30_000 },
  nested: [1, true, null, { ü: "ünïcödé" }],
};

function randomBytes(n: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(n));
}

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function toBase64Url(bytes: Uint8Array): string {
  return bytesToBase64(bytes).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

describe("SecretBox", () => {
  it("round-trips JSON values in a v1 envelope, with a fresh IV each time", async () => {
    const box = await createSecretBox(randomBytes(32));
    const a = await box.encrypt(config);
    const b = await box.encrypt(config);
    expect(a).toMatch(/^v1:[A-Za-z0-9+/]+={0,2}:[A-Za-z0-9+/]+={0,2}$/);
    expect(a.startsWith(`${ENVELOPE_VERSION}:`)).toBe(true);
    expect(a).not.toBe(b);
    expect(a).not.toContain("ATATT3");
    expect(await box.decrypt(a)).toEqual({ ok: true, value: config });
    expect(await box.decrypt(b)).toEqual({ ok: true, value: config });
    expect(await box.decrypt(await box.encrypt("plain"))).toEqual({ ok: true, value: "plain" });
  });

  it("opens what the self-hosted server wrote before the box moved here (stored format)", async () => {
    // Sealed by @lakesync/gateway-server's createSecretBox (Buffer base64) before this module
    // existed: configs already stored in control databases must keep opening.
    const key = Uint8Array.from({ length: 32 }, (_, i) => i * 7 + 3);
    expect(bytesToBase64(key)).toBe("AwoRGB8mLTQ7QklQV15lbHN6gYiPlp2kq7K5wMfO1dw=");
    const box = await createSecretBox(key);
    const context = `lakesync_connectors:${JSON.stringify(["gw-a", "jira-eng"])}`;
    const sealedConfig =
      "v1:f8wSr/TavpEKBnxF:xfw5QotK5J8LHq/pBOJxYLtLIoFAfmgJSezmB1oxoxsvmjUiMW6H+6acYPeC7yTOfS5BUh1VBZg1jrBjYbF/mmAQlR0AdfAfROjqq6WigjOuFepMjOS6n2co0ZG6XdkEZY/E4Geh6Ty4ZSl/+AQQwaOk1deSKCzBYJZy65iv2CdWEWgAL3q8ANYXbaVDnKlGZ2b+vTp0D+Zh5/ywQ2wosvxrr9XtMS2kkyuKYGTa0uYmzzZ7opIj/Q==";
    expect(await box.decrypt(sealedConfig, context)).toEqual({
      ok: true,
      value: {
        type: "jira",
        name: "jira-eng",
        jira: { domain: "mycompany", email: "bot@mycompany.com", apiToken: "ATATT3xFfGF0-secret" },
        nested: [1, true, null, { ü: "ünïcödé" }],
      },
    });
    expect((await box.decrypt(sealedConfig, 'lakesync_connectors:["gw-b","jira-eng"]')).ok).toBe(
      false,
    );
    // Sealed without a context (the server's key check).
    expect(await box.decrypt("v1:1L5pgHa5DI0ZaZVO:VTLflS5S83yeCykQzeyp/3Ld6mosPf57UK3T")).toEqual({
      ok: true,
      value: "key-check",
    });
    // And the layout it writes is the same: v1, a 12-byte IV, ciphertext plus a 16-byte tag.
    const [version, iv, sealed] = (await box.encrypt("key-check")).split(":");
    expect(version).toBe("v1");
    expect(base64ToBytes(iv ?? "")?.byteLength).toBe(12);
    expect(base64ToBytes(sealed ?? "")?.byteLength).toBe(JSON.stringify("key-check").length + 16);
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
    const custom = await createSecretBox(randomBytes(32), { wrongKeyMessage: "Wrong KEY here" });
    const refused = await custom.decrypt(sealed);
    expect(refused.ok ? "" : refused.error.message).toBe("Wrong KEY here");
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
    const flipped = base64ToBytes(ct) ?? new Uint8Array();
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    for (const bad of [
      `${v}:${iv}:${bytesToBase64(flipped)}`,
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

describe("decodeEncryptionKey", () => {
  it("reads 32 bytes as base64 (standard, URL-safe, unpadded) or 64 hex characters", () => {
    const key = randomBytes(32);
    const b64 = bytesToBase64(key);
    expect(decodeEncryptionKey(b64)).toEqual(key);
    expect(decodeEncryptionKey(`  ${b64}\n`)).toEqual(key);
    expect(decodeEncryptionKey(toBase64Url(key))).toEqual(key);
    expect(decodeEncryptionKey(toHex(key))).toEqual(key);
    expect(decodeEncryptionKey(toHex(key).toUpperCase())).toEqual(key);
  });

  it("is null for anything else", () => {
    for (const bad of [
      "",
      "hunter2-is-my-password",
      bytesToBase64(randomBytes(16)),
      bytesToBase64(randomBytes(33)),
      toHex(randomBytes(31)),
      "z".repeat(64),
    ]) {
      expect(decodeEncryptionKey(bad), bad).toBeNull();
    }
  });
});

describe("base64", () => {
  it("writes standard padded base64 and reads it back", () => {
    expect(bytesToBase64(new Uint8Array())).toBe("");
    expect(bytesToBase64(new Uint8Array([0xfb, 0xff]))).toBe("+/8=");
    expect(bytesToBase64(new TextEncoder().encode("lakesync"))).toBe("bGFrZXN5bmM=");
    for (let n = 0; n < 40; n++) {
      const bytes = randomBytes(n);
      expect(base64ToBytes(bytesToBase64(bytes))).toEqual(bytes);
      expect(base64ToBytes(toBase64Url(bytes))).toEqual(bytes);
    }
  });

  it("reads URL-safe and unpadded text, and refuses anything that is not base64", () => {
    expect(base64ToBytes("-_8")).toEqual(new Uint8Array([0xfb, 0xff]));
    expect(base64ToBytes("bGFrZXN5bmM")).toEqual(new TextEncoder().encode("lakesync"));
    for (const bad of ["!!!", "abcde", "ab=c", "a b", "abc==="]) {
      expect(base64ToBytes(bad), bad).toBeNull();
    }
  });
});
