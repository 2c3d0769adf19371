import { describe, expect, it } from "vitest";
import { redactSecrets } from "./index.js";

describe("redactSecrets", () => {
  it("masks URL user info, password pairs, JWTs, bearer tokens and given secrets", () => {
    expect(redactSecrets("connect postgres://u:p@ss@db/x failed")).toBe(
      "connect postgres://***@db/x failed",
    );
    expect(redactSecrets("Access denied for user 'app'@'10.0.0.1' (using password: YES)")).toBe(
      "Access denied for user 'app'@'10.0.0.1' (using password: YES)",
    );
    expect(redactSecrets("host=db password=hunter2 user=app")).toBe(
      "host=db password=*** user=app",
    );
    expect(redactSecrets("got eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln here")).toBe(
      "got [token] here",
    );
    expect(redactSecrets("Authorization: Bearer abcdefghijklmnop1234")).toBe(
      "Authorization: Bearer [redacted]",
    );
    expect(redactSecrets("token a b&c used", ["a b&c"])).toBe("token *** used");
    expect(redactSecrets("sent a%20b%26c", ["a b&c"])).toBe("sent ***");
    expect(redactSecrets("https://example.com/path?q=1")).toBe("https://example.com/path?q=1");
  });
});
