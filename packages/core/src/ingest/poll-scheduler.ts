import { type Clock, systemClock } from "./clock.js";

/** What a poll may answer: `nextDelayMs` replaces the interval before the next poll. */
export interface PollOutcome {
  /** Delay before the next poll, measured from the end of this one (e.g. a backoff). */
  readonly nextDelayMs?: number;
}

/** One poll; its outcome (or nothing) decides the delay before the next one. */
// biome-ignore lint/suspicious/noConfusingVoidType: lets `async () => {}` be a poll.
export type PollFn = () => Promise<PollOutcome | undefined | void> | PollOutcome | undefined | void;

/**
 * `idle` (not started) → `polling` ⇄ `waiting` → `stopping` (a poll is finishing) → `stopped`.
 * `stop()` from `idle` or `waiting` goes straight to `stopped`.
 */
export type PollSchedulerState = "idle" | "polling" | "waiting" | "stopping" | "stopped";

export interface PollSchedulerOptions {
  /** Delay between the end of a poll and the start of the next, in ms. */
  readonly intervalMs: number;
  readonly poll: PollFn;
  /** Wall clock and timers; default `systemClock` (the runtime's globals). */
  readonly clock?: Clock;
  /**
   * Called with what a poll threw (or rejected with). The scheduler keeps going; the
   * returned `nextDelayMs`, if any, sets the delay before the next poll.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: a plain logging callback is fine.
  readonly onError?: (error: unknown) => PollOutcome | undefined | void;
}

export interface PollScheduler {
  readonly state: PollSchedulerState;
  /** Polls that ran to the end, failed ones included. */
  readonly polls: number;
  /** Polls that threw. */
  readonly failures: number;
  /** `clock.now()` when the last poll started, or null before the first. */
  readonly lastPollAt: number | null;
  /** `clock.now()` when the next poll is due while `waiting`, else null. */
  readonly nextPollAt: number | null;
  /** Runs the first poll now (synchronously calls `poll`). A second call does nothing. */
  start(): void;
  /**
   * Resolves once the running poll (if any) has finished; no poll starts afterwards.
   * Stopping is final: `start()` after `stop()` throws. A poll may call `stop()` but must
   * not await it (it would wait for itself).
   */
  stop(): Promise<void>;
  /** Polls now when waiting; when a poll is running, the next one starts as soon as it ends. */
  triggerNow(): void;
}

/**
 * Runs `poll` on a fixed delay measured from the end of the previous poll, so two polls
 * never overlap. A poll that throws is reported to `onError`, and polling goes on.
 * @example
 * let attempt = 0;
 * const scheduler = createPollScheduler({
 *   intervalMs: 30_000,
 *   poll: async () => {
 *     const ok = await pollOnce();
 *     attempt = ok ? 0 : attempt + 1;
 *     return ok ? undefined : { nextDelayMs: backoffDelay(attempt - 1, { baseMs: 1_000 }) };
 *   },
 *   onError: (error) => log.warn(error),
 * });
 * scheduler.start();
 * await scheduler.stop();
 */
export function createPollScheduler(options: PollSchedulerOptions): PollScheduler {
  const { intervalMs, poll, onError } = options;
  if (!(Number.isFinite(intervalMs) && intervalMs >= 0)) {
    throw new RangeError(`intervalMs must be a non-negative number, got ${intervalMs}`);
  }
  const clock = options.clock ?? systemClock;

  let state: PollSchedulerState = "idle";
  let timer: unknown;
  let hasTimer = false;
  let running: Promise<void> | null = null;
  let triggered = false;
  let stopping: Promise<void> | null = null;
  let polls = 0;
  let failures = 0;
  let lastPollAt: number | null = null;
  let nextPollAt: number | null = null;

  function schedule(delayMs: number): void {
    state = "waiting";
    nextPollAt = clock.now() + delayMs;
    hasTimer = true;
    timer = clock.setTimeout(() => {
      hasTimer = false;
      run();
    }, delayMs);
  }

  function cancelTimer(): void {
    if (hasTimer) clock.clearTimeout(timer);
    hasTimer = false;
    nextPollAt = null;
  }

  function run(): void {
    if (state !== "idle" && state !== "waiting") return;
    state = "polling";
    nextPollAt = null;
    lastPollAt = clock.now();
    running = (async () => {
      let delay = intervalMs;
      try {
        delay = delayFrom(await poll(), intervalMs);
      } catch (error) {
        failures += 1;
        delay = delayFrom(report(error), intervalMs);
      }
      polls += 1;
      running = null;
      // stop() may have run while the poll was awaited.
      if ((state as PollSchedulerState) === "stopping") {
        state = "stopped";
        return;
      }
      if (triggered) delay = 0;
      triggered = false;
      schedule(delay);
    })();
  }

  function report(error: unknown): PollOutcome | undefined {
    try {
      return onError?.(error) ?? undefined;
    } catch {
      // A throwing error handler must not stop polling either.
      return undefined;
    }
  }

  return {
    get state() {
      return state;
    },
    get polls() {
      return polls;
    },
    get failures() {
      return failures;
    },
    get lastPollAt() {
      return lastPollAt;
    },
    get nextPollAt() {
      return nextPollAt;
    },
    start() {
      if (state === "stopping" || state === "stopped") {
        throw new Error("A stopped poll scheduler cannot be started again; create a new one");
      }
      if (state === "idle") run();
    },
    stop() {
      if (stopping) return stopping;
      cancelTimer();
      if (running) {
        state = "stopping";
        stopping = running;
      } else {
        state = "stopped";
        stopping = Promise.resolve();
      }
      return stopping;
    },
    triggerNow() {
      if (state === "waiting") {
        cancelTimer();
        run();
      } else if (state === "polling") {
        triggered = true;
      }
    },
  };
}

// biome-ignore lint/suspicious/noConfusingVoidType: what a PollFn returns.
function delayFrom(outcome: PollOutcome | undefined | void, fallback: number): number {
  const next = typeof outcome === "object" && outcome !== null ? outcome.nextDelayMs : undefined;
  if (typeof next !== "number" || Number.isNaN(next) || next === Number.POSITIVE_INFINITY) {
    return fallback;
  }
  return Math.max(0, next);
}
