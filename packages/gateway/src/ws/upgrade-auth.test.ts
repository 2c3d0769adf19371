import { describe, expect, it } from "vitest";
import { signToken } from "../auth/sign.js";
import { createTokenVerifier } from "../auth/verify.js";
import {
  authenticateWsUpgrade,
  isWebSocketUpgrade,
  matchWsPath,
  upgradeRefusalAnswer,
  upgradeRefusalResponse,
  wsUpgradeRequired,
} from "./upgrade-auth.js";

const SECRET = "a-shared-secret-of-at-least-32-bytes!!";
const auth = createTokenVerifier({ secret: SECRET });
const token = (gw = "my-gw") =>
  signToken({ sub: "app-1", gw, role: "client", expiresIn: 3600, secret: SECRET });
const url = (path: string) => new URL(path, "http://localhost");

describe("matchWsPath", () => {
  it("reads the gateway id of /sync/:gw/ws, decoded", () => {
    expect(matchWsPath("/sync/my-gw/ws")).toBe("my-gw");
    expect(matchWsPath("/sync/my%20gw/ws/")).toBe("my gw");
    expect(matchWsPath("/sync/my-gw/pull")).toBeUndefined();
    expect(matchWsPath("/sync/%E0%A4%A/ws")).toBeUndefined();
  });
});

describe("authenticateWsUpgrade", () => {
  it("takes the token from the header or ?token=, and the client id from ?clientId= or sub", async () => {
    const jwt = await token();
    const byHeader = await authenticateWsUpgrade(url("/sync/my-gw/ws"), `Bearer ${jwt}`, auth);
    expect(byHeader).toMatchObject({ ok: true, value: { gatewayId: "my-gw", clientId: "app-1" } });
    const byQuery = await authenticateWsUpgrade(
      url(`/sync/my-gw/ws?token=${jwt}&clientId=tab-2`),
      undefined,
      auth,
    );
    expect(byQuery).toMatchObject({ ok: true, value: { clientId: "tab-2" } });
    if (byQuery.ok) expect(byQuery.value.claims.sub).toBe("app-1");
  });

  it("refuses another path, no token, a bad token, another gateway and a bad clientId", async () => {
    const jwt = await token();
    const cases: [URL, string | undefined, string][] = [
      [url("/sync/my-gw/pull"), `Bearer ${jwt}`, "NOT_FOUND"],
      [url("/sync/my-gw/ws"), undefined, "UNAUTHORIZED"],
      [url("/sync/my-gw/ws?token="), undefined, "UNAUTHORIZED"],
      [url("/sync/my-gw/ws"), "Bearer nope", "UNAUTHORIZED"],
      [url("/sync/my-gw/ws"), `Bearer ${await token("other")}`, "FORBIDDEN"],
      [url("/sync/my-gw/ws?clientId="), `Bearer ${jwt}`, "INVALID_REQUEST"],
      [url(`/sync/my-gw/ws?clientId=${"x".repeat(257)}`), `Bearer ${jwt}`, "INVALID_REQUEST"],
    ];
    for (const [u, header, code] of cases) {
      const result = await authenticateWsUpgrade(u, header, auth);
      expect(result.ok ? "ok" : result.error.code, u.href).toBe(code);
    }
  });
});

describe("refusals", () => {
  it("answers the error body with the status of its code, and the headers of 401 and 503", async () => {
    expect(upgradeRefusalAnswer({ code: "UNAUTHORIZED", message: "no" })).toEqual({
      status: 401,
      headers: { "WWW-Authenticate": 'Bearer realm="lakesync"' },
      body: { error: { code: "UNAUTHORIZED", message: "no" } },
    });
    expect(upgradeRefusalAnswer({ code: "INTERNAL", message: "bye", status: 503 })).toEqual({
      status: 503,
      headers: { "Retry-After": "1" },
      body: { error: { code: "INTERNAL", message: "bye" } },
    });
    const response = upgradeRefusalResponse({ code: "FORBIDDEN", message: "other gateway" });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      error: { code: "FORBIDDEN", message: "other gateway" },
    });
  });

  it("answers 426 to a plain GET and tells an upgrade apart", async () => {
    const response = wsUpgradeRequired();
    expect(response.status).toBe(426);
    expect(response.headers.get("upgrade")).toBe("websocket");
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      "INVALID_REQUEST",
    );
    const get = (headers: Record<string, string>) => new Request("http://x/", { headers });
    expect(isWebSocketUpgrade(get({ Upgrade: "WebSocket" }))).toBe(true);
    expect(isWebSocketUpgrade(get({}))).toBe(false);
  });
});
