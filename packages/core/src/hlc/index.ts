import { ClockDriftError, ValidationError } from "../errors/index.js";
import { Err, Ok, type Result } from "../result/index.js";

/**
 * A hybrid logical clock timestamp: wall-clock milliseconds << 16 | a 16-bit counter.
 * Serialised in JSON as a decimal string, since it does not fit a JS number.
 */
export type HLCTimestamp = bigint;

const COUNTER_BITS = 16n;
const COUNTER_MAX = 0xffff;
/** Largest wall clock the 48 bits above the counter hold. */
const WALL_MAX = (1n << 48n) - 1n;

/** Packs a wall clock (ms) and a counter into one timestamp. */
export function encodeHlc(wallMs: number, counter: number): HLCTimestamp {
  return (BigInt(wallMs) << COUNTER_BITS) | BigInt(counter & COUNTER_MAX);
}

/** Splits a timestamp into its wall clock (ms) and counter. */
export function decodeHlc(ts: HLCTimestamp): { wallMs: number; counter: number } {
  return { wallMs: Number(ts >> COUNTER_BITS), counter: Number(ts & BigInt(COUNTER_MAX)) };
}

/** The JSON form of a timestamp: a decimal string. */
export function hlcToString(ts: HLCTimestamp): string {
  return ts.toString();
}

/**
 * Reads a timestamp from its JSON form (a decimal string; a safe integer is accepted too).
 * @example parseHlc("112233445566778899")
 */
export function parseHlc(input: unknown): Result<HLCTimestamp, ValidationError> {
  let value: bigint | undefined;
  if (typeof input === "string" && /^\d{1,20}$/.test(input)) value = BigInt(input);
  else if (typeof input === "number" && Number.isSafeInteger(input) && input >= 0)
    value = BigInt(input);
  else if (typeof input === "bigint" && input >= 0n) value = input;
  if (value === undefined || value >> COUNTER_BITS > WALL_MAX) {
    return Err(
      new ValidationError(
        [{ path: "hlc", message: "hlc must be a non-negative integer in a decimal string" }],
        "INVALID_HLC",
      ),
    );
  }
  return Ok(value);
}

export interface HLCOptions {
  /** Wall clock in ms; injectable for tests. Defaults to `Date.now`. */
  readonly now?: () => number;
  /** Largest accepted distance between a remote wall clock and ours, in ms. Default 5000. */
  readonly maxDriftMs?: number;
}

/**
 * A monotonic hybrid logical clock.
 * @example
 * const clock = new HLC();
 * const ts = clock.now();
 * const merged = clock.recv(remoteTs); // Result: Err(ClockDriftError) when too far ahead
 */
export class HLC {
  readonly #now: () => number;
  readonly #maxDriftMs: number;
  #wall = 0;
  #counter = 0;
  // The bigint of the current wall clock, shifted: many timestamps share one millisecond.
  #encodedWall = -1;
  #wallBits = 0n;

  constructor(options: HLCOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#maxDriftMs = options.maxDriftMs ?? 5000;
    if (!(this.#maxDriftMs >= 0)) throw new RangeError("maxDriftMs must be >= 0");
  }

  /** A timestamp greater than every one this clock issued or received. */
  now(): HLCTimestamp {
    const physical = this.#now();
    if (physical > this.#wall) {
      this.#wall = physical;
      this.#counter = 0;
    } else {
      this.#tick();
    }
    return this.#current();
  }

  /**
   * A timestamp greater than every one this clock issued or received, without reading the
   * wall clock: the counter ticks on from the last one. For a burst of timestamps taken
   * together (a batch's rows) after a `now()`, which keeps the wall time fresh.
   */
  next(): HLCTimestamp {
    this.#tick();
    return this.#current();
  }

  /**
   * Merges a remote timestamp: the result is greater than both it and every local one.
   * A remote wall clock more than `maxDriftMs` ahead of ours is refused.
   */
  recv(remote: HLCTimestamp): Result<HLCTimestamp, ClockDriftError> {
    const drift = this.checkDrift(remote);
    if (!drift.ok) return drift;
    const physical = this.#now();
    const { wallMs: rWall, counter: rCounter } = decodeHlc(remote);
    const wall = Math.max(this.#wall, rWall, physical);
    if (wall === this.#wall && wall === rWall) {
      this.#counter = Math.max(this.#counter, rCounter);
      this.#tick();
    } else if (wall === this.#wall) {
      this.#tick();
    } else if (wall === rWall) {
      this.#wall = wall;
      this.#counter = rCounter;
      this.#tick();
    } else {
      this.#wall = wall;
      this.#counter = 0;
    }
    return Ok(encodeHlc(this.#wall, this.#counter));
  }

  /** Checks a remote timestamp against the allowed drift without merging it. */
  checkDrift(remote: HLCTimestamp): Result<HLCTimestamp, ClockDriftError> {
    const { wallMs } = decodeHlc(remote);
    const ahead = wallMs - this.#now();
    if (ahead > this.#maxDriftMs) {
      return Err(
        new ClockDriftError(
          `Remote clock is ${ahead} ms ahead of the server (max drift ${this.#maxDriftMs} ms)`,
        ),
      );
    }
    return Ok(remote);
  }

  /** The current wall clock and counter as a timestamp. */
  #current(): HLCTimestamp {
    if (this.#wall !== this.#encodedWall) {
      this.#encodedWall = this.#wall;
      this.#wallBits = BigInt(this.#wall) << COUNTER_BITS;
    }
    return this.#wallBits | BigInt(this.#counter);
  }

  // The counter overflowing moves the logical wall clock forward a millisecond.
  #tick(): void {
    if (this.#counter >= COUNTER_MAX) {
      this.#wall += 1;
      this.#counter = 0;
    } else {
      this.#counter += 1;
    }
  }
}
