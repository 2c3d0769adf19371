import type { LakeSyncErrorCode } from "@lakesync/core";
import { LakeSyncError, ValidationError } from "@lakesync/core";
import { describe, expect, it } from "vitest";
import { errorBody, httpStatusByCode, statusOf } from "./errors.js";
import { redactSecrets } from "./redact.js";

describe("httpStatusByCode", () => {
  it("maps every error code to its documented status", () => {
    const expected: Record<LakeSyncErrorCode, number> = {
      INVALID_CONFIG: 400,
      INVALID_REQUEST: 400,
      INVALID_SYNC_RULES: 400,
      INVALID_SCHEMA: 400,
      INVALID_DELTA: 400,
      INVALID_HLC: 400,
      UNKNOWN_CONNECTOR_TYPE: 400,
      CONNECTOR_CHECK_FAILED: 400,
      UNAUTHORIZED: 401,
      FORBIDDEN: 403,
      CONNECTOR_NOT_FOUND: 404,
      SOURCE_NOT_FOUND: 404,
      CONNECTOR_EXISTS: 409,
      CLOCK_DRIFT: 409,
      PAYLOAD_TOO_LARGE: 413,
      RATE_LIMITED: 429,
      INTERNAL: 500,
      ADAPTER_ERROR: 502,
      UPSTREAM_ERROR: 502,
      BACKPRESSURE: 503,
      FLUSH_ERROR: 503,
    };
    for (const [code, status] of Object.entries(expected))
      expect(statusOf(code), code).toBe(status);
    expect(statusOf("NOT_FOUND")).toBe(404);
    expect(statusOf("METHOD_NOT_ALLOWED")).toBe(405);
    expect(statusOf("UNSUPPORTED_MEDIA_TYPE")).toBe(415);
    expect(Object.keys(httpStatusByCode)).toHaveLength(Object.keys(expected).length + 3);
  });

  it("treats an unknown code as a 500", () => {
    expect(statusOf("SOMETHING_NEW")).toBe(500);
    expect(statusOf("toString")).toBe(500);
  });
});

describe("errorBody", () => {
  it("is { error: { code, message } }, with issues only when there are some", () => {
    expect(errorBody(new LakeSyncError("FORBIDDEN", "no"))).toEqual({
      error: { code: "FORBIDDEN", message: "no" },
    });
    const invalid = new ValidationError(
      [{ path: "name", message: "name is required" }],
      "INVALID_CONFIG",
    );
    expect(errorBody(invalid)).toEqual({
      error: {
        code: "INVALID_CONFIG",
        message: "name is required",
        issues: [{ path: "name", message: "name is required" }],
      },
    });
    expect(errorBody(new ValidationError([]))).toEqual({
      error: { code: "INVALID_REQUEST", message: "Invalid input" },
    });
  });

  it("never carries a stack, a cause or a credential", () => {
    const error = new LakeSyncError(
      "ADAPTER_ERROR",
      "cannot reach postgres://app:hunter2@db:5432/x",
      {
        cause: new Error("inner"),
      },
    );
    const text = JSON.stringify(errorBody(error));
    expect(text).not.toContain("hunter2");
    expect(text).not.toContain("inner");
    expect(text).not.toContain("stack");
  });
});

describe("redactSecrets", () => {
  it("removes URL credentials, JWTs and bearer tokens", () => {
    expect(redactSecrets("connect postgres://user:pass@host/db failed")).toBe(
      "connect postgres://***@host/db failed",
    );
    expect(redactSecrets("mysql://root@localhost")).toBe("mysql://***@localhost");
    expect(redactSecrets("token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.sig-nature_ here")).toBe(
      "token [token] here",
    );
    expect(redactSecrets("Authorization: Bearer abc123def456ghi789")).toBe(
      "Authorization: Bearer [redacted]",
    );
    expect(redactSecrets("Missing bearer token")).toBe("Missing bearer token");
    expect(redactSecrets("https://example.com/path?q=1")).toBe("https://example.com/path?q=1");
  });
});
