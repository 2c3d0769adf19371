/**
 * The timer functions a store schedules its polls with. Injectable so pollers are tested
 * with a fake clock, not sleeps. Method syntax on purpose: any `setTimeout`/`clearTimeout`
 * pair fits, whatever its handle type.
 */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The global timers, looked up at each call. */
export const globalTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as Parameters<typeof clearTimeout>[0]),
};
