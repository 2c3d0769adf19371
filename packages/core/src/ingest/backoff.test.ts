import { describe, expect, it } from "vitest";
import { backoffDelay, DEFAULT_BACKOFF_CAP_MS } from "./backoff.js";

const fixed = (r: number) => () => r;

describe("backoffDelay", () => {
  it("doubles the step with each attempt", () => {
    const steps = [0, 1, 2, 3, 4].map((attempt) =>
      backoffDelay(attempt, { baseMs: 1000, jitter: "full", random: fixed(0.5) }),
    );
    expect(steps).toEqual([500, 1000, 2000, 4000, 8000]);
  });

  it("with equal jitter (the default) waits between half the step and the step", () => {
    expect(backoffDelay(2, { baseMs: 1000, random: fixed(0) })).toBe(2000);
    expect(backoffDelay(2, { baseMs: 1000, random: fixed(0.999_999) })).toBe(4000);
    expect(backoffDelay(2, { baseMs: 1000, random: fixed(0.5) })).toBe(3000);
  });

  it("with full jitter may retry right away", () => {
    expect(backoffDelay(3, { baseMs: 1000, jitter: "full", random: fixed(0) })).toBe(0);
    expect(backoffDelay(3, { baseMs: 1000, jitter: "full", random: fixed(0.25) })).toBe(2000);
  });

  it("is capped at five minutes by default", () => {
    expect(DEFAULT_BACKOFF_CAP_MS).toBe(300_000);
    expect(backoffDelay(30, { baseMs: 1000, jitter: "full", random: fixed(0.999_999) })).toBe(
      300_000,
    );
    expect(backoffDelay(30, { baseMs: 1000, random: fixed(0) })).toBe(150_000);
    // 2 ** 2000 overflows to Infinity: still the cap, never NaN.
    expect(backoffDelay(2000, { baseMs: 1000, random: fixed(0.5) })).toBe(225_000);
  });

  it("takes another cap", () => {
    expect(backoffDelay(10, { baseMs: 100, capMs: 5000, jitter: "full", random: fixed(0.5) })).toBe(
      2500,
    );
  });

  it("stays within bounds with the real random source", () => {
    for (let attempt = 0; attempt < 25; attempt++) {
      const step = Math.min(300_000, 250 * 2 ** attempt);
      const delay = backoffDelay(attempt, { baseMs: 250 });
      expect(delay).toBeGreaterThanOrEqual(Math.floor(step / 2));
      expect(delay).toBeLessThanOrEqual(step);
    }
  });

  it("refuses bad input", () => {
    expect(() => backoffDelay(-1, { baseMs: 1000 })).toThrow(RangeError);
    expect(() => backoffDelay(1.5, { baseMs: 1000 })).toThrow(/attempt/);
    expect(() => backoffDelay(Number.NaN, { baseMs: 1000 })).toThrow(RangeError);
    expect(() => backoffDelay(0, { baseMs: 0 })).toThrow(/baseMs/);
    expect(() => backoffDelay(0, { baseMs: Number.NaN })).toThrow(/baseMs/);
    expect(() => backoffDelay(0, { baseMs: Number.POSITIVE_INFINITY })).toThrow(/baseMs/);
    expect(() => backoffDelay(0, { baseMs: 10, capMs: -1 })).toThrow(/capMs/);
  });
});
