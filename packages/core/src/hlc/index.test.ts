import { describe, expect, it } from "vitest";
import { decodeHlc, encodeHlc, HLC, hlcToString, parseHlc } from "./index.js";

function fakeClock(start: number) {
  let t = start;
  return {
    now: () => t,
    set: (v: number) => {
      t = v;
    },
  };
}

describe("encode/decode", () => {
  it("round-trips wall clock and counter", () => {
    const ts = encodeHlc(1_700_000_000_123, 42);
    expect(decodeHlc(ts)).toEqual({ wallMs: 1_700_000_000_123, counter: 42 });
    expect(ts).toBe((1_700_000_000_123n << 16n) | 42n);
  });

  it("serialises as a decimal string and parses it back", () => {
    const ts = encodeHlc(1_700_000_000_000, 7);
    expect(hlcToString(ts)).toBe(ts.toString());
    const parsed = parseHlc(hlcToString(ts));
    expect(parsed).toEqual({ ok: true, value: ts });
  });

  it("rejects what is not a timestamp", () => {
    for (const bad of ["", "-1", "1.5", "abc", "0x10", null, {}, -3, 1.5, "9".repeat(21)]) {
      const r = parseHlc(bad);
      expect(r.ok, String(bad)).toBe(false);
      if (!r.ok) expect(r.error.code).toBe("INVALID_HLC");
    }
    expect(parseHlc("0")).toEqual({ ok: true, value: 0n });
    expect(parseHlc(12)).toEqual({ ok: true, value: 12n });
  });
});

describe("HLC", () => {
  it("is strictly monotonic when the wall clock stands still or goes back", () => {
    const clock = fakeClock(1000);
    const hlc = new HLC({ now: clock.now });
    const a = hlc.now();
    const b = hlc.now();
    clock.set(900);
    const c = hlc.now();
    expect(b > a).toBe(true);
    expect(c > b).toBe(true);
    expect(decodeHlc(c)).toEqual({ wallMs: 1000, counter: 2 });
  });

  it("resets the counter when the wall clock moves forward", () => {
    const clock = fakeClock(1000);
    const hlc = new HLC({ now: clock.now });
    hlc.now();
    hlc.now();
    clock.set(2000);
    expect(decodeHlc(hlc.now())).toEqual({ wallMs: 2000, counter: 0 });
  });

  it("moves to the next millisecond when the counter overflows", () => {
    const clock = fakeClock(1000);
    const hlc = new HLC({ now: clock.now });
    let last = hlc.now();
    for (let i = 0; i < 0x10000; i++) {
      const next = hlc.now();
      expect(next > last).toBe(true);
      last = next;
    }
    expect(decodeHlc(last).wallMs).toBe(1001);
  });

  it("next() ticks on without reading the wall clock, past every timestamp issued or received", () => {
    const clock = fakeClock(1000);
    let reads = 0;
    const hlc = new HLC({
      now: () => {
        reads += 1;
        return clock.now();
      },
    });
    const a = hlc.now();
    clock.set(5000);
    const b = hlc.next();
    expect(reads).toBe(1);
    expect(decodeHlc(b)).toEqual({ wallMs: 1000, counter: 1 });
    expect(decodeHlc(hlc.now())).toEqual({ wallMs: 5000, counter: 0 });
    // Received, then next(): still past the remote one.
    const remote = encodeHlc(5000, 9);
    hlc.recv(remote);
    const c = hlc.next();
    expect(c > remote && b > a).toBe(true);
    for (let i = 0; i < 0x10000; i++) hlc.next();
    expect(decodeHlc(hlc.next()).wallMs).toBe(5001);
  });

  it("merges a remote timestamp ahead of it", () => {
    const clock = fakeClock(1000);
    const hlc = new HLC({ now: clock.now, maxDriftMs: 5000 });
    const remote = encodeHlc(3000, 5);
    const merged = hlc.recv(remote);
    expect(merged.ok).toBe(true);
    if (merged.ok) {
      expect(merged.value > remote).toBe(true);
      expect(decodeHlc(merged.value)).toEqual({ wallMs: 3000, counter: 6 });
    }
    expect(hlc.now() > (merged.ok ? merged.value : 0n)).toBe(true);
  });

  it("stays ahead of a remote timestamp behind it", () => {
    const clock = fakeClock(5000);
    const hlc = new HLC({ now: clock.now });
    const local = hlc.now();
    const merged = hlc.recv(encodeHlc(1000, 99));
    expect(merged.ok && merged.value > local).toBe(true);
  });

  it("refuses a remote clock further ahead than the drift allows, and keeps its state", () => {
    const clock = fakeClock(1000);
    const hlc = new HLC({ now: clock.now, maxDriftMs: 100 });
    const before = hlc.now();
    const r = hlc.recv(encodeHlc(1101, 0));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe("CLOCK_DRIFT");
      expect(r.error.message).toContain("101 ms ahead");
    }
    expect(decodeHlc(hlc.now())).toEqual({ wallMs: 1000, counter: decodeHlc(before).counter + 1 });
    expect(hlc.recv(encodeHlc(1100, 0)).ok).toBe(true);
  });

  it("throws on a negative drift option", () => {
    expect(() => new HLC({ maxDriftMs: -1 })).toThrow(RangeError);
  });
});
