import { type Clock, systemClock } from "@lakesync/core";
import type { SyncGateway } from "@lakesync/gateway";
import type { LogFn } from "../connectors/connector-manager.js";

/** Default period of the background flush. */
export const DEFAULT_FLUSH_INTERVAL_MS = 5000;

export interface BackgroundFlusherOptions {
  readonly gateway: SyncGateway;
  /** Flush every this many ms (when the buffer is not empty); 0 turns the timer off. */
  readonly intervalMs?: number | undefined;
  readonly clock?: Clock | undefined;
  readonly log?: LogFn | undefined;
}

/**
 * `idle` (waiting for the timer or a request) ⇄ `flushing` → `stopped` (final).
 * A request while flushing runs one more flush right after, never two at once.
 */
export type BackgroundFlusherState = "idle" | "flushing" | "stopped";

/**
 * Flushes one gateway's buffer to its store in the background: every `intervalMs`, and
 * as soon as asked (`flushSoon`, called when `shouldFlush()` turns true after a push).
 * Flushes never overlap; a failed one is logged and the deltas stay buffered for the next.
 * @example
 * const flusher = new BackgroundFlusher({ gateway, intervalMs: 5000 });
 * flusher.start();
 * gateway.onAccepted(() => { if (gateway.shouldFlush()) flusher.flushSoon(); });
 * await flusher.stop();
 */
export class BackgroundFlusher {
  readonly #gateway: SyncGateway;
  readonly #intervalMs: number;
  readonly #clock: Clock;
  readonly #log: LogFn;
  #state: BackgroundFlusherState = "idle";
  #timer: { readonly handle: unknown } | null = null;
  #running: Promise<void> | null = null;
  #again = false;
  #flushes = 0;

  constructor(options: BackgroundFlusherOptions) {
    const intervalMs = options.intervalMs ?? DEFAULT_FLUSH_INTERVAL_MS;
    if (!(Number.isFinite(intervalMs) && intervalMs >= 0)) {
      throw new RangeError(`flush intervalMs must be a non-negative number, got ${intervalMs}`);
    }
    this.#gateway = options.gateway;
    this.#intervalMs = intervalMs;
    this.#clock = options.clock ?? systemClock;
    this.#log = options.log ?? (() => {});
  }

  get state(): BackgroundFlusherState {
    return this.#state;
  }

  /** Flushes that wrote something (or tried to). */
  get flushes(): number {
    return this.#flushes;
  }

  /** Arms the periodic timer. */
  start(): void {
    if (this.#state === "idle" && !this.#running) this.#arm();
  }

  /** Flushes now, or right after the running flush. */
  flushSoon(): void {
    if (this.#state === "stopped") return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#disarm();
    this.#running = this.#run();
  }

  /** Stops the timer and waits for a running flush. The final flush is the caller's. */
  async stop(): Promise<void> {
    this.#state = "stopped";
    this.#disarm();
    await this.#running;
  }

  async #run(): Promise<void> {
    this.#state = "flushing";
    try {
      do {
        this.#again = false;
        if (this.#gateway.bufferStats.logSize === 0) continue;
        this.#flushes += 1;
        const flushed = await this.#gateway.flush();
        if (!flushed.ok) {
          this.#log("error", "background flush failed", {
            gatewayId: this.#gateway.gatewayId,
            error: flushed.error.message,
          });
          break;
        }
      } while (this.#again && (this.#state as BackgroundFlusherState) !== "stopped");
    } finally {
      this.#running = null;
      if ((this.#state as BackgroundFlusherState) !== "stopped") {
        this.#state = "idle";
        this.#arm();
      }
    }
  }

  #arm(): void {
    if (this.#intervalMs === 0 || this.#timer) return;
    const handle = this.#clock.setTimeout(() => {
      this.#timer = null;
      this.flushSoon();
    }, this.#intervalMs);
    this.#timer = { handle };
  }

  #disarm(): void {
    if (this.#timer) this.#clock.clearTimeout(this.#timer.handle);
    this.#timer = null;
  }
}
