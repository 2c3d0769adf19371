import { describe, expect, it } from "vitest";
import { isJsonMediaType, readJsonBody } from "./read-json.js";

function post(
  body: BodyInit | null,
  headers: Record<string, string> = { "content-type": "application/json" },
) {
  return new Request("http://gateway.test/x", {
    method: "POST",
    headers,
    body,
    ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);
}

describe("readJsonBody", () => {
  it("parses a JSON body within the limit", async () => {
    expect(await readJsonBody(post('{"a":[1,{"b":null}]}'), 100)).toEqual({
      ok: true,
      value: { a: [1, { b: null }] },
    });
  });

  it("stops reading an endless stream once past the limit, and cancels it", async () => {
    let pulls = 0;
    let cancelled = false;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls += 1;
        controller.enqueue(new Uint8Array(1000).fill(0x20));
      },
      cancel() {
        cancelled = true;
      },
    });
    const result = await readJsonBody(post(endless), 10_000);
    expect(result).toMatchObject({ ok: false, error: { code: "PAYLOAD_TOO_LARGE" } });
    expect(pulls).toBeLessThanOrEqual(13);
    expect(cancelled).toBe(true);
  });

  it("refuses a declared Content-Length over the limit without reading", async () => {
    let pulled = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled = true;
        controller.enqueue(new TextEncoder().encode("{}"));
        controller.close();
      },
    });
    const request = post(stream, { "content-type": "application/json", "content-length": "5000" });
    expect(await readJsonBody(request, 100)).toMatchObject({
      ok: false,
      error: { code: "PAYLOAD_TOO_LARGE" },
    });
    expect(pulled).toBe(false);
  });

  it("accepts nesting up to 64 levels and refuses 65", async () => {
    const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
    expect((await readJsonBody(post(nested(64)), 1000)).ok).toBe(true);
    expect(await readJsonBody(post(nested(65)), 1000)).toMatchObject({
      ok: false,
      error: { code: "INVALID_REQUEST" },
    });
    const objects = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
    expect((await readJsonBody(post(objects(64)), 1000)).ok).toBe(true);
    expect((await readJsonBody(post(objects(65)), 1000)).ok).toBe(false);
  });

  it("answers UNSUPPORTED_MEDIA_TYPE before reading a body that is not JSON", async () => {
    expect(await readJsonBody(post("{}", { "content-type": "text/plain" }), 100)).toMatchObject({
      ok: false,
      error: { code: "UNSUPPORTED_MEDIA_TYPE" },
    });
  });
});

describe("isJsonMediaType", () => {
  it("accepts application/json and +json types, with parameters", () => {
    expect(isJsonMediaType("application/json")).toBe(true);
    expect(isJsonMediaType("application/json; charset=utf-8")).toBe(true);
    expect(isJsonMediaType(" APPLICATION/JSON ")).toBe(true);
    expect(isJsonMediaType("application/problem+json")).toBe(true);
    expect(isJsonMediaType(null)).toBe(false);
    expect(isJsonMediaType("text/json")).toBe(false);
    expect(isJsonMediaType("application/jsonx")).toBe(false);
    expect(isJsonMediaType("multipart/form-data; boundary=json")).toBe(false);
  });
});
