import { describe, expect, it } from "vitest";
import { sleep } from "./clock.js";

describe("sleep", () => {
  it("resolves after the wait", async () => {
    const started = Date.now();
    await sleep(20);
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
  });

  it("rejects with the signal's reason, at once when already aborted and mid-wait", async () => {
    const before = new AbortController();
    before.abort(new Error("stopped before"));
    await expect(sleep(10_000, before.signal)).rejects.toThrow("stopped before");

    const during = new AbortController();
    const started = Date.now();
    const waiting = sleep(10_000, during.signal);
    setTimeout(() => during.abort(new Error("stopped during")), 10);
    await expect(waiting).rejects.toThrow("stopped during");
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
