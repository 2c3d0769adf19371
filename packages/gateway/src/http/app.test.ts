import { LakeSyncError } from "@lakesync/core";
import { describe, expect, it } from "vitest";
import { createTokenVerifier } from "../auth/verify.js";
import { MemoryGatewayHost } from "../host/memory-host.js";
import { createGatewayApp } from "./app.js";
import { errorBodyZod } from "./responses.js";
import { type ErrorJson, GW, harness, json, TEST_SECRET } from "./testing/harness.js";

const TWO_MB = 2 * 1024 * 1024;

/** A JSON body of `bytes` bytes, sent as a stream of 64 KiB chunks (no Content-Length). */
function chunkedJson(bytes: number): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const chunk = 64 * 1024;
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent === 0) {
        controller.enqueue(encoder.encode('{"name":"'));
        sent += 9;
      }
      if (sent >= bytes) {
        controller.enqueue(encoder.encode('"}'));
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode("x".repeat(chunk)));
      sent += chunk;
    },
  });
}

const bodyRoutes = [
  `/admin/connectors/${GW}`,
  `/admin/sync-rules/${GW}`,
  `/admin/schema/${GW}`,
  `/sync/${GW}/push`,
];

describe("createGatewayApp", () => {
  it("answers GET /health with { status: ok }", async () => {
    const { call } = await harness();
    const res = await call("GET", "/health", { token: null });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ status: "ok" });
    expect((await call("HEAD", "/health", { token: null })).status).toBe(200);
  });

  it("answers 404 NOT_FOUND in JSON for an unknown route", async () => {
    const { call } = await harness();
    for (const path of [
      "/nope",
      "/admin/connectors",
      "/sync/my-gw",
      "/v1/admin/connectors/my-gw",
      "/sync/my-gw/push/extra",
    ]) {
      const res = await call("GET", path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get("content-type")).toMatch(/^application\/json/);
      expect((await json<ErrorJson>(res)).error.code).toBe("NOT_FOUND");
    }
  });

  it("answers 405 METHOD_NOT_ALLOWED with Allow for a known path and a wrong method", async () => {
    const { call } = await harness();
    const cases: Array<[string, string, string]> = [
      ["PUT", `/admin/connectors/${GW}`, "GET, HEAD, POST"],
      ["POST", `/admin/connectors/${GW}/pg`, "DELETE"],
      ["GET", `/sync/${GW}/push`, "POST"],
      ["POST", `/sync/${GW}/pull`, "GET, HEAD"],
      ["DELETE", "/connectors/types", "GET, HEAD"],
      ["PATCH", "/health", "GET, HEAD"],
      ["GET", `/admin/flush/${GW}`, "POST"],
    ];
    for (const [method, path, allow] of cases) {
      const res = await call(method, path);
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.headers.get("allow")).toBe(allow);
      expect((await json<ErrorJson>(res)).error.code).toBe("METHOD_NOT_ALLOWED");
    }
  });

  it("answers an unexpected throw with a logged 500 that shows no internals", async () => {
    class BrokenHost extends MemoryGatewayHost {
      override async listConnectors(): Promise<never> {
        throw new Error("pool crashed: postgres://app:hunter2@db:5432/prod");
      }
    }
    const { call, logs } = await harness({ host: new BrokenHost() });
    const res = await call("GET", `/admin/connectors/${GW}`);
    expect(res.status).toBe(500);
    expect(await res.text()).toBe(
      JSON.stringify({ error: { code: "INTERNAL", message: "Internal server error" } }),
    );
    const logged = logs.find((l) => l.event === "http.unhandled_error");
    expect(logged).toMatchObject({
      level: "error",
      path: `/admin/connectors/${GW}`,
      error: "Error",
    });
    expect(String(logged?.message)).toContain("pool crashed");
    expect(JSON.stringify(logs)).not.toContain("hunter2");
  });

  it("maps a thrown LakeSyncError by its code", async () => {
    class ThrowingHost extends MemoryGatewayHost {
      override async listConnectors(): Promise<never> {
        throw new LakeSyncError("RATE_LIMITED", "slow down");
      }
    }
    const { call } = await harness({ host: new ThrowingHost() });
    const res = await call("GET", `/admin/connectors/${GW}`);
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("1");
    expect(await json(res)).toEqual({ error: { code: "RATE_LIMITED", message: "slow down" } });
  });

  it("refuses a bad maxBodyBytes at construction", () => {
    const options = {
      host: new MemoryGatewayHost(),
      auth: createTokenVerifier({ secret: TEST_SECRET }),
    };
    expect(() => createGatewayApp({ ...options, maxBodyBytes: 0 })).toThrow(RangeError);
    expect(() => createGatewayApp({ ...options, maxBodyBytes: 1.5 })).toThrow(RangeError);
  });
});

describe("request bodies", () => {
  it("answers 413 PAYLOAD_TOO_LARGE for a 2 MB body with a Content-Length", async () => {
    const { call } = await harness();
    for (const path of bodyRoutes) {
      const body = JSON.stringify({ name: "x".repeat(TWO_MB) });
      const res = await call("POST", path, {
        body,
        headers: { "content-type": "application/json", "content-length": String(body.length) },
      });
      expect(res.status, path).toBe(413);
      expect(await json(res)).toEqual({
        error: {
          code: "PAYLOAD_TOO_LARGE",
          message: "body is larger than the limit of 1048576 bytes",
        },
      });
    }
  });

  it("answers 413 for a 2 MB chunked body without a Content-Length", async () => {
    const { app, adminToken } = await harness();
    for (const path of bodyRoutes) {
      const request = new Request(`http://gateway.test${path}`, {
        method: "POST",
        headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
        body: chunkedJson(TWO_MB),
        duplex: "half",
      } as RequestInit);
      expect(request.headers.get("content-length")).toBeNull();
      const res = await app.request(request);
      expect(res.status, path).toBe(413);
      expect((await json<ErrorJson>(res)).error.code).toBe("PAYLOAD_TOO_LARGE");
    }
  });

  it("counts the bytes read, not a Content-Length that lies", async () => {
    const { call } = await harness();
    const res = await call("POST", `/admin/connectors/${GW}`, {
      body: JSON.stringify({ name: "x".repeat(TWO_MB) }),
      headers: { "content-type": "application/json", "content-length": "100" },
    });
    expect(res.status).toBe(413);
  });

  it("accepts a body of exactly maxBodyBytes and refuses one byte more", async () => {
    const { call } = await harness({ maxBodyBytes: 200 });
    const body = (size: number) => {
      const base = { buckets: [], version: 1 };
      const text = JSON.stringify(base);
      return `${text.slice(0, -1)}${" ".repeat(size - text.length)}}`;
    };
    expect(body(200)).toHaveLength(200);
    const ok = await call("POST", `/admin/sync-rules/${GW}`, { jsonText: body(200) });
    expect(ok.status).toBe(200);
    const over = await call("POST", `/admin/sync-rules/${GW}`, { jsonText: body(201) });
    expect(over.status).toBe(413);
  });

  it("counts bytes, not characters", async () => {
    const { call } = await harness({ maxBodyBytes: 100 });
    const name = "é".repeat(45); // 90 bytes in UTF-8, 45 characters
    const res = await call("POST", `/admin/sync-rules/${GW}`, { json: { buckets: [], name } });
    expect(res.status).toBe(413);
  });

  it("answers 400 'body is not valid JSON' for malformed JSON, never a 500", async () => {
    const { call } = await harness();
    for (const path of bodyRoutes) {
      for (const text of [
        "{",
        "{'a': 1}",
        '{"a": 1,}',
        "undefined",
        "NaN",
        '{"a":1}{"b":2}',
        "\u0000",
      ]) {
        const res = await call("POST", path, { jsonText: text });
        expect(res.status, `${path} ${text}`).toBe(400);
        expect(await json(res)).toEqual({
          error: { code: "INVALID_REQUEST", message: "body is not valid JSON" },
        });
      }
    }
  });

  it("never echoes a malformed body", async () => {
    const { call } = await harness();
    const res = await call("POST", `/admin/connectors/${GW}`, {
      jsonText: '{"postgres": {"connectionString": "postgres://u:SECRET@h/db"',
    });
    expect(await res.text()).not.toContain("SECRET");
  });

  it("answers 400 for an empty body, invalid UTF-8 and JSON nested too deeply", async () => {
    const { call } = await harness();
    const empty = await call("POST", `/admin/schema/${GW}`, { jsonText: "" });
    expect((await json<ErrorJson>(empty)).error).toEqual({
      code: "INVALID_REQUEST",
      message: "body is required",
    });
    const latin1 = await call("POST", `/admin/schema/${GW}`, {
      body: new Uint8Array([0x7b, 0x22, 0xe9, 0x22, 0x3a, 0x31, 0x7d]),
      headers: { "content-type": "application/json" },
    });
    expect((await json<ErrorJson>(latin1)).error.message).toBe("body is not valid UTF-8");
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    for (const path of bodyRoutes) {
      const res = await call("POST", path, { jsonText: deep });
      expect(res.status, path).toBe(400);
      expect((await json<ErrorJson>(res)).error.message).toMatch(/nested deeper than 64/);
    }
  });

  it("answers 400 for a JSON value that is not an object", async () => {
    const { call } = await harness();
    for (const path of bodyRoutes) {
      for (const value of ["[]", "null", "42", '"text"', "true"]) {
        const res = await call("POST", path, { jsonText: value });
        expect(res.status, `${path} ${value}`).toBe(400);
        const body = await json<ErrorJson>(res);
        expect(body.error.issues?.[0]?.path).toBe("");
        expect(body.error.message).toMatch(/body must be an object/);
      }
    }
  });

  it("answers 415 UNSUPPORTED_MEDIA_TYPE unless the body is sent as JSON", async () => {
    const { call } = await harness();
    const bytes = new TextEncoder().encode('{"buckets":[]}');
    for (const contentType of [
      undefined,
      "text/plain",
      "application/x-www-form-urlencoded",
      "application/jsonp",
    ]) {
      const headers: Record<string, string> = contentType ? { "content-type": contentType } : {};
      const res = await call("POST", `/admin/sync-rules/${GW}`, { body: bytes, headers });
      expect(res.status, String(contentType)).toBe(415);
      expect((await json<ErrorJson>(res)).error.code).toBe("UNSUPPORTED_MEDIA_TYPE");
    }
    for (const contentType of [
      "application/json; charset=utf-8",
      "Application/JSON",
      "application/vnd.api+json",
    ]) {
      const res = await call("POST", `/admin/sync-rules/${GW}`, {
        body: '{"buckets":[]}',
        headers: { "content-type": contentType },
      });
      expect(res.status, contentType).toBe(200);
    }
  });

  it("answers every error with exactly { error: { code, message, issues? } }", async () => {
    const { call, clientToken } = await harness();
    const responses = [
      await call("GET", "/nope"),
      await call("PUT", "/health"),
      await call("GET", `/admin/connectors/${GW}`, { token: null }),
      await call("GET", `/admin/connectors/${GW}`, { token: clientToken }),
      await call("POST", `/admin/connectors/${GW}`, { json: { type: "x" } }),
      await call("POST", `/admin/connectors/${GW}`, { jsonText: "{" }),
      await call("POST", `/admin/connectors/${GW}`, { body: "{}" }),
      await call("DELETE", `/admin/connectors/${GW}/none`),
      await call("GET", `/sync/${GW}/pull?since=x`),
    ];
    const strictError = errorBodyZod
      .extend({
        error: errorBodyZod.shape.error.strict(),
      })
      .strict();
    for (const res of responses) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      const parsed = strictError.safeParse(await res.json());
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    }
  });

  it("logs one line per request with method, path and status, and no body", async () => {
    const { call, logs } = await harness();
    await call("POST", `/admin/sync-rules/${GW}`, {
      json: { buckets: [], secretish: "do-not-log" },
    });
    const requests = logs.filter((l) => l.event === "http.request");
    expect(requests).toEqual([
      expect.objectContaining({
        level: "info",
        method: "POST",
        path: `/admin/sync-rules/${GW}`,
        status: 400,
      }),
    ]);
    expect(JSON.stringify(logs)).not.toContain("do-not-log");
  });
});
