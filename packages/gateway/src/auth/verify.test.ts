import { Hono } from "hono";
import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { signToken } from "./sign.js";
import { createTokenVerifier } from "./verify.js";

const SECRET = "a-shared-secret-of-at-least-32-bytes!!";
const base = { sub: "app-1", gw: "my-gw", role: "client" as const, expiresIn: 3600 };

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

async function failure(
  verify: Promise<{ ok: boolean; error?: { code: string; message: string } }>,
) {
  const result = await verify;
  expect(result.ok).toBe(false);
  return result.error as { code: string; message: string };
}

describe("createTokenVerifier with an HS256 secret", () => {
  const auth = createTokenVerifier({ secret: SECRET });

  it("returns the claims of a valid token, extra claims included", async () => {
    const token = await signToken({
      ...base,
      secret: SECRET,
      claims: { team: "ENG", tags: ["a"] },
    });
    const result = await auth.verify(token);
    if (!result.ok) throw result.error;
    expect(result.value).toMatchObject({ sub: "app-1", gw: "my-gw", role: "client", team: "ENG" });
    expect(result.value.tags).toEqual(["a"]);
    expect(result.value.exp).toBeGreaterThan(Date.now() / 1000);
  });

  it("refuses a missing or malformed token", async () => {
    expect(await failure(auth.verify(""))).toMatchObject({ code: "UNAUTHORIZED" });
    for (const bad of ["abc", "a.b", "a.b.c.d", "a b.c.d", `${"x".repeat(20_000)}.a.b`]) {
      expect(await failure(auth.verify(bad))).toMatchObject({ code: "UNAUTHORIZED" });
    }
  });

  it("refuses an expired token", async () => {
    const token = await signToken({ ...base, secret: SECRET, expiresIn: -60 });
    expect(await failure(auth.verify(token))).toEqual(
      expect.objectContaining({ code: "UNAUTHORIZED", message: "Token has expired" }),
    );
  });

  it('refuses an unsigned token ("alg": "none")', async () => {
    const exp = Math.floor(Date.now() / 1000) + 3600;
    const payload = b64url({ sub: "app-1", gw: "my-gw", role: "admin", exp });
    for (const alg of ["none", "None", "NONE"]) {
      const token = `${b64url({ alg, typ: "JWT" })}.${payload}.`;
      expect(await failure(auth.verify(token))).toMatchObject({ code: "UNAUTHORIZED" });
    }
  });

  it("refuses a token signed with another key or another HMAC algorithm", async () => {
    const other = await signToken({ ...base, secret: "another-secret-of-at-least-32-bytes!!" });
    expect(await failure(auth.verify(other))).toMatchObject({
      code: "UNAUTHORIZED",
      message: "Token signature is not valid",
    });
    const hs512 = await new SignJWT({ gw: "my-gw", role: "admin" })
      .setProtectedHeader({ alg: "HS512" })
      .setSubject("x")
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode(SECRET));
    expect(await failure(auth.verify(hs512))).toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("refuses a tampered payload", async () => {
    const token = await signToken({ ...base, secret: SECRET });
    const [header, , signature] = token.split(".");
    const forged = `${header}.${b64url({ sub: "app-1", gw: "my-gw", role: "admin", exp: 9e9 })}.${signature}`;
    expect(await failure(auth.verify(forged))).toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("refuses a token without sub, gw, a known role or exp", async () => {
    const key = new TextEncoder().encode(SECRET);
    const sign = (claims: Record<string, unknown>, exp = true) => {
      const jwt = new SignJWT(claims).setProtectedHeader({ alg: "HS256" });
      return (exp ? jwt.setExpirationTime("1h") : jwt).sign(key);
    };
    const cases = [
      await sign({ gw: "my-gw", role: "client" }),
      await sign({ sub: "a", role: "client" }),
      await sign({ sub: "a", gw: "my-gw", role: "root" }),
      await sign({ sub: "a", gw: "my-gw" }),
      await sign({ sub: "a", gw: "my-gw", role: "client" }, false),
    ];
    for (const token of cases) {
      const error = await failure(auth.verify(token));
      expect(error.code).toBe("UNAUTHORIZED");
      expect(error.message).toMatch(/^Token claims are invalid: /);
    }
  });

  it("never echoes the token in a message", async () => {
    const good = await signToken({ ...base, secret: SECRET, expiresIn: -5 });
    const wrong = await signToken({ ...base, secret: `${SECRET}-other` });
    for (const token of [good, wrong, `${good}x`, good.replace(/\./, "")]) {
      const error = await failure(auth.verify(token));
      for (const part of token.split("."))
        if (part.length > 8) expect(error.message).not.toContain(part);
    }
  });

  it("throws at construction for a secret shorter than 32 bytes", () => {
    expect(() => createTokenVerifier({ secret: "short" })).toThrow(TypeError);
    expect(() => createTokenVerifier({ secret: "" })).toThrow(/at least 32 bytes/);
  });
});

describe("createTokenVerifier with a JWKS", () => {
  async function keySet() {
    const es = await generateKeyPair("ES256");
    const rs = await generateKeyPair("RS256");
    const ed = await generateKeyPair("EdDSA");
    const stranger = await generateKeyPair("ES256");
    const pub = async (key: CryptoKey, kid: string): Promise<JWK> => ({
      ...(await exportJWK(key)),
      kid,
    });
    const keys = [
      await pub(es.publicKey, "es"),
      await pub(rs.publicKey, "rs"),
      await pub(ed.publicKey, "ed"),
    ];
    let requests = 0;
    const jwksServer = new Hono().get("/.well-known/jwks.json", (c) => {
      requests += 1;
      return c.json({ keys });
    });
    const fetchJwks: typeof fetch = async (input, init) =>
      jwksServer.request(input instanceof Request ? input : String(input), init);
    const auth = createTokenVerifier({
      jwksUrl: "https://issuer.test/.well-known/jwks.json",
      fetch: fetchJwks,
    });
    const sign = (key: CryptoKey, alg: string, kid: string, claims: Record<string, unknown> = {}) =>
      new SignJWT({ gw: "my-gw", role: "admin", ...claims })
        .setProtectedHeader({ alg, kid })
        .setSubject("admin")
        .setExpirationTime("1h")
        .sign(key);
    return { auth, es, rs, ed, stranger, sign, requests: () => requests };
  }

  it("verifies ES256, RS256 and EdDSA tokens from the key set", async () => {
    const { auth, es, rs, ed, sign, requests } = await keySet();
    for (const [key, alg, kid] of [
      [es.privateKey, "ES256", "es"],
      [rs.privateKey, "RS256", "rs"],
      [ed.privateKey, "EdDSA", "ed"],
    ] as const) {
      const result = await auth.verify(await sign(key, alg, kid, { team: "ENG" }));
      if (!result.ok) throw result.error;
      expect(result.value).toMatchObject({ sub: "admin", gw: "my-gw", role: "admin", team: "ENG" });
    }
    expect(requests()).toBe(1);
  });

  it("refuses a token signed by a key outside the set, or with a kid of another key", async () => {
    const { auth, stranger, sign } = await keySet();
    const unknownKid = await sign(stranger.privateKey, "ES256", "nope");
    expect(await failure(auth.verify(unknownKid))).toMatchObject({ code: "UNAUTHORIZED" });
    const stolenKid = await sign(stranger.privateKey, "ES256", "es");
    expect(await failure(auth.verify(stolenKid))).toMatchObject({
      code: "UNAUTHORIZED",
      message: "Token signature is not valid",
    });
  });

  it("refuses HS256 and unsigned tokens (no algorithm confusion)", async () => {
    const { auth } = await keySet();
    const hs = await signToken({ ...base, secret: SECRET });
    expect(await failure(auth.verify(hs))).toMatchObject({ code: "UNAUTHORIZED" });
    const none = `${b64url({ alg: "none", kid: "es" })}.${b64url({ sub: "a", gw: "my-gw", role: "admin", exp: 9e9 })}.`;
    expect(await failure(auth.verify(none))).toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("answers UPSTREAM_ERROR when the key set cannot be fetched", async () => {
    const { es, sign } = await keySet();
    const token = await sign(es.privateKey, "ES256", "es");
    const down = createTokenVerifier({
      jwksUrl: "https://issuer.test/jwks.json",
      fetch: async () => {
        throw new TypeError("fetch failed");
      },
    });
    expect(await failure(down.verify(token))).toMatchObject({ code: "UPSTREAM_ERROR" });
    const broken = createTokenVerifier({
      jwksUrl: "https://issuer.test/jwks.json",
      fetch: async () => new Response("oops", { status: 500 }),
    });
    expect(await failure(broken.verify(token))).toMatchObject({ code: "UPSTREAM_ERROR" });
  });

  it("throws at construction for a JWKS URL that is not a URL", () => {
    expect(() => createTokenVerifier({ jwksUrl: "not a url" })).toThrow(TypeError);
  });
});
