import { afterEach, beforeEach, expect, type MockInstance, vi } from "vitest";

/** Fails the test when React logged an act() warning (an update the test did not wait for). */
export function failOnActWarnings(): void {
  let spy: MockInstance<typeof console.error>;
  beforeEach(() => {
    spy = vi.spyOn(console, "error");
  });
  afterEach(() => {
    const warnings = spy.mock.calls.filter((args) => args.some((a) => String(a).includes("act(")));
    spy.mockRestore();
    expect(warnings).toEqual([]);
  });
}
