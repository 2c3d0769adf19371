import { describe, expect, it } from "vitest";
import { createServerLogger } from "../src/logging/logger.js";

const JWT =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg";

function capture(level?: "debug" | "info" | "warn" | "error") {
  const lines: string[] = [];
  const logger = createServerLogger({
    ...(level ? { level } : {}),
    write: (line) => lines.push(line),
    now: () => Date.UTC(2025, 0, 2, 3, 4, 5),
  });
  return {
    logger,
    lines,
    parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe("createServerLogger", () => {
  it("writes one JSON object per line: time, level, msg, then the fields", () => {
    const { logger, lines } = capture();
    logger.info("listening", { url: "http://localhost:3000", port: 3000 });
    expect(lines).toEqual([
      '{"time":"2025-01-02T03:04:05.000Z","level":"info","msg":"listening","url":"http://localhost:3000","port":3000}',
    ]);
  });

  it("drops lines below LOG_LEVEL", () => {
    const { logger, parsed } = capture("warn");
    logger.debug("d");
    logger.info("i");
    logger.warn("w");
    logger.error("e");
    logger.log("info", "via LogFn");
    logger.gateway.info({ event: "http.request" });
    logger.gateway.error({ event: "http.unhandled_error" });
    expect(parsed().map((l) => `${l.level}:${l.msg}`)).toEqual([
      "warn:w",
      "error:e",
      "error:http.unhandled_error",
    ]);
    expect(logger.enabled("debug")).toBe(false);
  });

  it("redacts tokens, URL credentials and secret-named fields, and never logs bodies", () => {
    const { logger, lines } = capture("debug");
    logger.error(`failed with Bearer ${JWT}`, {
      url: "postgres://app:hunter2@db:5432/x",
      header: `Bearer ${JWT}`,
      nested: {
        deeper: [{ note: `token ${JWT}` }],
        apiToken: "ATATT3-plain",
        password: "pw-plain",
      },
      body: { anything: "request body text" },
      authorization: "Basic dXNlcjpwYXNz",
      error: new Error("connect postgres://u:p4ss@h failed"),
      bytes: new Uint8Array([1, 2, 3]),
      big: 2n ** 70n,
    });
    const out = lines.join("\n");
    for (const secret of [
      JWT,
      "hunter2",
      "ATATT3-plain",
      "pw-plain",
      "request body text",
      "dXNlcjpwYXNz",
      "p4ss",
    ]) {
      expect(out).not.toContain(secret);
    }
    const line = JSON.parse(lines[0] as string);
    expect(line.url).toBe("postgres://***@db:5432/x");
    expect(line.nested.apiToken).toBe("[redacted]");
    expect(line.body).toBe("[redacted]");
    expect(line.error).toEqual({ name: "Error", message: "connect postgres://***@h failed" });
    expect(line.bytes).toBe("[3 bytes]");
    expect(line.big).toBe("1180591620717411303424");
  });

  it("adapts to the HTTP app's logger (event → msg) and keeps reserved keys apart", () => {
    const { logger, parsed } = capture();
    logger.gateway.warn({
      event: "http.request",
      method: "GET",
      path: "/health",
      status: 503,
      ms: 2,
    });
    logger.info("x", { msg: "not the message", level: "nope" });
    expect(parsed()).toEqual([
      {
        time: "2025-01-02T03:04:05.000Z",
        level: "warn",
        msg: "http.request",
        method: "GET",
        path: "/health",
        status: 503,
        ms: 2,
      },
      {
        time: "2025-01-02T03:04:05.000Z",
        level: "info",
        msg: "x",
        field_msg: "not the message",
        field_level: "nope",
      },
    ]);
  });

  it("survives a writer that throws", () => {
    const logger = createServerLogger({
      write: () => {
        throw new Error("EPIPE");
      },
    });
    expect(() => logger.info("x")).not.toThrow();
  });
});
