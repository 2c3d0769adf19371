/** How much of an exponential step is randomised. */
export type BackoffJitter = "full" | "equal";

export interface BackoffOptions {
  /** The step before jitter for attempt 0, in ms. Must be > 0. */
  readonly baseMs: number;
  /** The largest step, in ms. Default 300 000 (5 minutes). */
  readonly capMs?: number;
  /**
   * `"equal"` (default): half the step is fixed, half random, so a retry never comes
   * right away. `"full"`: anywhere between 0 and the step.
   */
  readonly jitter?: BackoffJitter;
  /** A source of numbers in [0, 1); injectable for tests. Default `Math.random`. */
  readonly random?: () => number;
}

/** The default cap of `backoffDelay`: five minutes. */
export const DEFAULT_BACKOFF_CAP_MS = 300_000;

/**
 * The delay before retry number `attempt` (0 for the first retry): `baseMs · 2^attempt`,
 * capped at `capMs`, then jittered. Whole milliseconds.
 * Bad options are a bug and throw a RangeError.
 * @example
 * backoffDelay(0, { baseMs: 1000 }); // 500..1000
 * backoffDelay(3, { baseMs: 1000, jitter: "full" }); // 0..8000
 * backoffDelay(20, { baseMs: 1000 }); // 150 000..300 000 (capped)
 */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const {
    baseMs,
    capMs = DEFAULT_BACKOFF_CAP_MS,
    jitter = "equal",
    random = Math.random,
  } = options;
  if (!Number.isInteger(attempt) || attempt < 0) {
    throw new RangeError(`attempt must be a non-negative integer, got ${attempt}`);
  }
  if (!(Number.isFinite(baseMs) && baseMs > 0)) {
    throw new RangeError(`baseMs must be a positive number, got ${baseMs}`);
  }
  if (!(Number.isFinite(capMs) && capMs > 0)) {
    throw new RangeError(`capMs must be a positive number, got ${capMs}`);
  }
  // 2 ** 1100 is Infinity, which Math.min turns into the cap.
  const step = Math.min(capMs, baseMs * 2 ** attempt);
  const r = Math.min(Math.max(random(), 0), 1);
  const delay = jitter === "full" ? step * r : step / 2 + (step / 2) * r;
  return Math.round(delay);
}
