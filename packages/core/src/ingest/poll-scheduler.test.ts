import { describe, expect, it } from "vitest";
import type { Clock } from "./clock.js";
import { createPollScheduler, type PollOutcome } from "./poll-scheduler.js";

/** A clock whose time only moves when the test says so; timers fire in time order. */
class FakeClock implements Clock {
  time = 0;
  #timers: { at: number; fn: () => void; id: number }[] = [];
  #nextId = 1;

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.#nextId++;
    this.#timers.push({ at: this.time + ms, fn, id });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.#timers = this.#timers.filter((t) => t.id !== handle);
  }

  get pendingTimers(): number {
    return this.#timers.length;
  }

  /** Moves time forward by `ms`, firing due timers and letting promises settle in between. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      await settle();
      const due = this.#timers
        .filter((t) => t.at <= end)
        .sort((a, b) => a.at - b.at || a.id - b.id);
      const next = due[0];
      if (!next) break;
      this.#timers = this.#timers.filter((t) => t !== next);
      this.time = next.at;
      next.fn();
    }
    this.time = end;
    await settle();
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

/** A poll whose end the test controls. */
class ControlledPoll {
  started: number[] = [];
  running = 0;
  maxRunning = 0;
  #finish: ((outcome: PollOutcome | undefined) => void)[] = [];

  constructor(private readonly clock: FakeClock) {}

  readonly poll = (): Promise<PollOutcome | undefined> => {
    this.started.push(this.clock.now());
    this.running += 1;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    return new Promise((resolve) => {
      this.#finish.push((outcome) => {
        this.running -= 1;
        resolve(outcome);
      });
    });
  };

  async finish(outcome?: PollOutcome): Promise<void> {
    const next = this.#finish.shift();
    if (!next) throw new Error("no poll is running");
    next(outcome);
    await settle();
  }
}

describe("createPollScheduler", () => {
  it("polls at once on start, then intervalMs after the end of each poll", async () => {
    const clock = new FakeClock();
    const p = new ControlledPoll(clock);
    const scheduler = createPollScheduler({ intervalMs: 1000, poll: p.poll, clock });
    expect(scheduler.state).toBe("idle");
    scheduler.start();
    expect(p.started).toEqual([0]);
    expect(scheduler.state).toBe("polling");

    await clock.advance(300); // the poll takes 300 ms
    await p.finish();
    expect(scheduler.state).toBe("waiting");
    expect(scheduler.nextPollAt).toBe(1300);

    await clock.advance(999);
    expect(p.started).toEqual([0]);
    await clock.advance(1);
    expect(p.started).toEqual([0, 1300]);
    expect(scheduler.lastPollAt).toBe(1300);
    expect(scheduler.polls).toBe(1);
  });

  it("never overlaps polls, however long one takes", async () => {
    const clock = new FakeClock();
    const p = new ControlledPoll(clock);
    const scheduler = createPollScheduler({ intervalMs: 100, poll: p.poll, clock });
    scheduler.start();
    for (let i = 0; i < 5; i++) {
      await clock.advance(1000); // much longer than the interval
      expect(p.running).toBe(1);
      await p.finish();
      await clock.advance(100);
    }
    expect(p.maxRunning).toBe(1);
    expect(p.started).toEqual([0, 1100, 2200, 3300, 4400, 5500]);
  });

  it("stop() waits for the running poll, and no poll starts afterwards", async () => {
    const clock = new FakeClock();
    const p = new ControlledPoll(clock);
    const scheduler = createPollScheduler({ intervalMs: 1000, poll: p.poll, clock });
    scheduler.start();
    let stopped = false;
    const stopping = scheduler.stop().then(() => {
      stopped = true;
    });
    expect(scheduler.state).toBe("stopping");
    await clock.advance(5000);
    expect(stopped).toBe(false);

    await p.finish();
    await stopping;
    expect(stopped).toBe(true);
    expect(scheduler.state).toBe("stopped");
    expect(clock.pendingTimers).toBe(0);
    await clock.advance(60_000);
    expect(p.started).toEqual([0]);
    expect(scheduler.stop()).toBe(scheduler.stop());
  });

  it("stop() while waiting resolves at once and cancels the timer", async () => {
    const clock = new FakeClock();
    let polls = 0;
    const scheduler = createPollScheduler({ intervalMs: 1000, poll: () => void polls++, clock });
    scheduler.start();
    await clock.advance(0);
    expect(scheduler.state).toBe("waiting");
    expect(clock.pendingTimers).toBe(1);
    await scheduler.stop();
    expect(scheduler.state).toBe("stopped");
    expect(clock.pendingTimers).toBe(0);
    await clock.advance(10_000);
    expect(polls).toBe(1);
  });

  it("stop() before start() just stops; start() after stop() throws", async () => {
    const clock = new FakeClock();
    let polls = 0;
    const scheduler = createPollScheduler({ intervalMs: 10, poll: () => void polls++, clock });
    await scheduler.stop();
    expect(scheduler.state).toBe("stopped");
    expect(() => scheduler.start()).toThrow(/cannot be started again/);
    expect(polls).toBe(0);
  });

  it("start() twice polls once", async () => {
    const clock = new FakeClock();
    const p = new ControlledPoll(clock);
    const scheduler = createPollScheduler({ intervalMs: 10, poll: p.poll, clock });
    scheduler.start();
    scheduler.start();
    expect(p.started).toEqual([0]);
    await p.finish();
    scheduler.start(); // while waiting: still no extra poll
    await clock.advance(5);
    expect(p.started).toEqual([0]);
    await clock.advance(5);
    expect(p.started).toEqual([0, 10]);
  });

  it("uses nextDelayMs from a poll instead of the interval, once", async () => {
    const clock = new FakeClock();
    const p = new ControlledPoll(clock);
    const scheduler = createPollScheduler({ intervalMs: 1000, poll: p.poll, clock });
    scheduler.start();
    await p.finish({ nextDelayMs: 5000 }); // e.g. a backoff
    expect(scheduler.nextPollAt).toBe(5000);
    await clock.advance(4999);
    expect(p.started).toEqual([0]);
    await clock.advance(1);
    expect(p.started).toEqual([0, 5000]);
    await p.finish(); // back to the interval
    await clock.advance(1000);
    expect(p.started).toEqual([0, 5000, 6000]);
    await p.finish({ nextDelayMs: -5 }); // negative: right away
    await clock.advance(0);
    expect(p.started).toEqual([0, 5000, 6000, 6000]);
    await p.finish({ nextDelayMs: Number.NaN }); // unusable: the interval
    expect(scheduler.nextPollAt).toBe(7000);
  });

  it("keeps polling after a poll throws or rejects, and reports each error", async () => {
    const clock = new FakeClock();
    const errors: unknown[] = [];
    let n = 0;
    const scheduler = createPollScheduler({
      intervalMs: 100,
      clock,
      poll: async () => {
        n += 1;
        if (n === 1) throw new Error("rejected");
        if (n === 2) return Promise.reject(new Error("also rejected"));
        return undefined;
      },
      onError: (error) => {
        errors.push(error);
        return { nextDelayMs: 50 };
      },
    });
    scheduler.start();
    await clock.advance(0);
    expect(scheduler.nextPollAt).toBe(50); // onError chose the delay
    await clock.advance(50);
    await clock.advance(50);
    expect(n).toBe(3);
    expect(errors.map((e) => (e as Error).message)).toEqual(["rejected", "also rejected"]);
    expect(scheduler.failures).toBe(2);
    expect(scheduler.polls).toBe(3);
    expect(scheduler.state).toBe("waiting");
  });

  it("survives a poll that throws synchronously and an onError that throws", async () => {
    const clock = new FakeClock();
    let n = 0;
    const scheduler = createPollScheduler({
      intervalMs: 100,
      clock,
      poll: () => {
        n += 1;
        throw new Error("sync");
      },
      onError: () => {
        throw new Error("handler broke");
      },
    });
    scheduler.start();
    await clock.advance(100);
    await clock.advance(100);
    expect(n).toBe(3);
    expect(scheduler.failures).toBe(3);
    await scheduler.stop();
  });

  it("also keeps polling without an onError", async () => {
    const clock = new FakeClock();
    let n = 0;
    const scheduler = createPollScheduler({
      intervalMs: 10,
      clock,
      poll: () => {
        n += 1;
        throw new Error("boom");
      },
    });
    scheduler.start();
    await clock.advance(10);
    expect(n).toBe(2);
  });

  it("triggerNow() polls at once when waiting, and right after the running poll otherwise", async () => {
    const clock = new FakeClock();
    const p = new ControlledPoll(clock);
    const scheduler = createPollScheduler({ intervalMs: 1000, poll: p.poll, clock });
    scheduler.start();
    await clock.advance(10);
    scheduler.triggerNow(); // a poll is running: no overlap, the next one follows it
    expect(p.started).toEqual([0]);
    await p.finish();
    await clock.advance(0);
    expect(p.started).toEqual([0, 10]);
    await p.finish();
    await clock.advance(200);
    scheduler.triggerNow(); // waiting: poll now
    expect(p.started).toEqual([0, 10, 210]);
    expect(clock.pendingTimers).toBe(0);
    await p.finish();
    expect(scheduler.nextPollAt).toBe(1210);
  });

  it("refuses a bad interval", () => {
    const poll = () => undefined;
    expect(() => createPollScheduler({ intervalMs: -1, poll })).toThrow(RangeError);
    expect(() => createPollScheduler({ intervalMs: Number.NaN, poll })).toThrow(/intervalMs/);
    expect(() => createPollScheduler({ intervalMs: Number.POSITIVE_INFINITY, poll })).toThrow();
  });

  it("runs on the real clock by default", async () => {
    let polls = 0;
    const scheduler = createPollScheduler({ intervalMs: 60_000, poll: () => void polls++ });
    scheduler.start();
    await settle();
    expect(scheduler.state).toBe("waiting");
    await scheduler.stop();
    expect(polls).toBe(1);
  });
});
