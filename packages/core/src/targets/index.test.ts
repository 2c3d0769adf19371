import { describe, expect, it } from "vitest";
import { Ok } from "../result/index.js";
import { isIngestTarget, type PushTarget } from "./index.js";

const push: PushTarget["push"] = async () => Ok({ serverHlc: 0n, accepted: 0 });

describe("isIngestTarget", () => {
  it("recognises a target with flush, shouldFlush and bufferStats", () => {
    const target = {
      push,
      flush: async () => Ok(undefined),
      shouldFlush: () => false,
      bufferStats: { logSize: 0, indexSize: 0, byteSize: 0 },
    };
    expect(isIngestTarget(target)).toBe(true);
  });

  it("rejects a plain push target or a partial one", () => {
    expect(isIngestTarget({ push })).toBe(false);
    expect(isIngestTarget({ push, flush: async () => Ok(undefined) } as PushTarget)).toBe(false);
  });
});
