import { describe, expect, it } from "vitest";
import { parseClientMessage } from "./protocol.js";

function failure(text: string) {
  const parsed = parseClientMessage(text);
  if (parsed.ok) throw new Error(`expected ${text} to be refused`);
  return parsed.error;
}

describe("parseClientMessage", () => {
  it("reads a ping and a push, the push's lastSeenHlc defaulting to 0", () => {
    expect(parseClientMessage('{"type":"ping","id":1}')).toEqual({
      ok: true,
      value: { type: "ping", id: 1 },
    });
    const push = parseClientMessage('{"type":"push","id":"a","deltas":[]}');
    if (!push.ok) throw push.error.error;
    expect(push.value).toMatchObject({ type: "push", id: "a", deltas: [] });
    expect(push.value.type === "push" && push.value.lastSeenHlc).toBe(0n);
  });

  it("answers INVALID_REQUEST for bad JSON and non-objects, without an id", () => {
    for (const text of ["{", "[]", "null", '"ping"', "1"]) {
      const bad = failure(text);
      expect(bad.error.code, text).toBe("INVALID_REQUEST");
      expect(bad.id).toBeUndefined();
    }
  });

  it("names a missing or unknown type, and echoes a readable id", () => {
    const unknown = failure('{"type":"subscribe","id":"x"}');
    expect(unknown.id).toBe("x");
    expect(unknown.error.code).toBe("INVALID_REQUEST");
    expect(unknown.error.message).toMatch(/got "subscribe"/);
    expect(failure('{"id":7}').error.message).toMatch(/got none/);
    expect(failure('{"type":"toString"}').error.code).toBe("INVALID_REQUEST");
    expect(failure('{"type":"ping","id":{}}').id).toBeUndefined();
  });

  it("refuses invalid and unknown fields with the message's id", () => {
    const bad = failure('{"type":"push","id":3,"deltas":"no"}');
    expect(bad.id).toBe(3);
    expect(bad.error.code).toBe("INVALID_REQUEST");
    expect(failure('{"type":"ping","extra":true}').error.code).toBe("INVALID_REQUEST");
    expect(failure('{"type":"push","clientId":"","deltas":[]}').error.code).toBe("INVALID_REQUEST");
  });
});
