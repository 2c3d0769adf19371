import { decodeJwt, decodeProtectedHeader } from "jose";
import { describe, expect, it } from "vitest";
import { signToken } from "./sign.js";

const SECRET = "a-shared-secret-of-at-least-32-bytes!!";

describe("signToken", () => {
  it("signs an HS256 token with sub, gw, role, iat, exp and extra claims", async () => {
    const before = Math.floor(Date.now() / 1000);
    const token = await signToken({
      secret: SECRET,
      sub: "app-1",
      gw: "my-gw",
      role: "client",
      expiresIn: 600,
      claims: { team: "ENG" },
    });
    expect(decodeProtectedHeader(token)).toEqual({ alg: "HS256", typ: "JWT" });
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({ sub: "app-1", gw: "my-gw", role: "client", team: "ENG" });
    expect(claims.exp).toBeGreaterThanOrEqual(before + 600);
    expect(claims.exp).toBeLessThanOrEqual(before + 601);
  });

  it("accepts a time span and keeps the reserved claims over extra ones", async () => {
    const token = await signToken({
      secret: SECRET,
      sub: "app-1",
      gw: "my-gw",
      role: "client",
      expiresIn: "2h",
      claims: { sub: "admin", gw: "other", role: "admin", exp: 1 },
    });
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({ sub: "app-1", gw: "my-gw", role: "client" });
    expect(claims.exp).toBeGreaterThan(Date.now() / 1000 + 7000);
  });

  it("refuses a secret shorter than 32 bytes", async () => {
    await expect(
      signToken({ secret: "short", sub: "a", gw: "g", role: "admin", expiresIn: 60 }),
    ).rejects.toThrow(TypeError);
  });
});
