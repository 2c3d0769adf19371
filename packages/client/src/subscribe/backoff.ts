/** How long to wait before each reconnect attempt. */
export interface BackoffOptions {
  /** Delay ceiling of the first retry. Default 500 ms. */
  readonly initialDelayMs?: number | undefined;
  /** Largest delay. Default 30 s. */
  readonly maxDelayMs?: number | undefined;
  /** Growth per failed attempt. Default 2. */
  readonly factor?: number | undefined;
}

export const DEFAULT_BACKOFF = { initialDelayMs: 500, maxDelayMs: 30_000, factor: 2 } as const;

/**
 * Exponential backoff with "equal jitter": the ceiling grows `factor`-fold per attempt up to
 * `maxDelayMs`, and the delay is drawn uniformly from its upper half, so clients that lost
 * the same server spread out while each still waits longer after every failure.
 * `attempt` counts from 1.
 * @example
 * backoffDelay(3, { initialDelayMs: 100 }, () => 0.5) // ceiling 400 → 300
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
): number {
  const initial = options.initialDelayMs ?? DEFAULT_BACKOFF.initialDelayMs;
  const max = options.maxDelayMs ?? DEFAULT_BACKOFF.maxDelayMs;
  const factor = options.factor ?? DEFAULT_BACKOFF.factor;
  const ceiling = Math.min(max, initial * factor ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
