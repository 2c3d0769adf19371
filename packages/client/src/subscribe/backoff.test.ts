import { describe, expect, it } from "vitest";
import { backoffDelay } from "./backoff.js";

describe("backoffDelay", () => {
  it("doubles the ceiling per attempt up to the maximum, drawing from its upper half", () => {
    const options = { initialDelayMs: 100, maxDelayMs: 1000 };
    const low = [1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, options, () => 0));
    const high = [1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, options, () => 1));
    expect(low).toEqual([50, 100, 200, 400, 500, 500]);
    expect(high).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it("jitters: the same attempt spreads over a range", () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(3)));
    expect(delays.size).toBeGreaterThan(10);
    for (const d of delays) {
      expect(d).toBeGreaterThanOrEqual(1000);
      expect(d).toBeLessThanOrEqual(2000);
    }
  });
});
