/**
 * The time source of the ingest pipeline: wall clock and timers, injectable so that
 * schedulers and pollers are tested with a fake clock instead of real sleeps.
 * @example
 * const scheduler = createPollScheduler({ intervalMs: 30_000, poll, clock: fakeClock });
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs `fn` once after `ms` milliseconds; returns a handle for `clearTimeout`. */
  setTimeout(fn: () => void, ms: number): unknown;
  /** Cancels a timer started by this clock's `setTimeout`. */
  clearTimeout(handle: unknown): void;
}

type TimerHandle = Parameters<typeof globalThis.clearTimeout>[0];

/** The real clock: `Date.now` and the global timers of whichever runtime runs the code. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  // The handle came from globalThis.setTimeout above: a number or a runtime timer object.
  clearTimeout: (handle) => globalThis.clearTimeout(handle as TimerHandle),
};

/**
 * Resolves after `ms` milliseconds, or rejects with the signal's reason once it aborts (the
 * timer is cleared), so a connector stopping mid-wait stops at once.
 * @example await sleep(retryAfterMs, signal);
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      globalThis.clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = globalThis.setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
