import type { ConnectorState } from "@lakesync/gateway";

/**
 * The lifecycle of one connector, owned by the connector manager. Every state change goes
 * through `ConnectorLifecycle.to`, which checks it against the table below: the table is
 * the only place transitions are defined.
 *
 * ```
 *   register / restore
 *          |
 *          v
 *    +----------+   no poll (a plain database source)    +------+
 *    | starting | -------------------------------------> | idle |
 *    +----------+                                        +------+
 *       |    |  build failed, retryable (restore only)       ^
 *       |    +------------------------+                      | build retry ok, no poll
 *       | poller scheduled            v                      |
 *       |                      +-------------+---------------+
 *       v     retryable error  |             | <--+
 *    +---------+ ------------> | backing_off |    | retryable error again
 *    | polling |               |             | ---+ (delay grows: backoff or Retry-After)
 *    |         | <------------ +-------------+
 *    +---------+   poll ok /          |
 *     |   ^        build retry ok     | fatal error
 *     +---+ poll ok                   v
 *     |                          +--------+
 *     +------------------------> | failed |  <-- also from starting: factory refused
 *           fatal error          +--------+      on restore, no runtime for the type
 *
 *    stopped  <-- unregister / shutdown, from every state but stopped. Final.
 * ```
 *
 * - `starting`: the runtime is being built by its factory.
 * - `idle`: a connector with no poller (a plain database source): nothing to schedule.
 * - `polling`: the poller is scheduled and the last poll succeeded (or none ran yet), or a
 *   retry is getting deltas accepted (the upstream is back; a long catch-up is under way).
 * - `backing_off`: the last poll (or, on restore, the last build) failed with a retryable
 *   error; the next try waits a growing delay.
 * - `failed`: a fatal error (bad credentials, invalid config, no runtime for the type on
 *   this server); nothing is scheduled any more, the config stays until unregistered.
 * - `stopped`: unregistered or shut down. Final.
 */
export type { ConnectorState };

/** Allowed next states of each state. Self-loops record one more poll or failure. */
const TRANSITIONS: { readonly [S in ConnectorState]: readonly ConnectorState[] } = {
  starting: ["polling", "idle", "backing_off", "failed", "stopped"],
  polling: ["polling", "backing_off", "failed", "stopped"],
  backing_off: ["backing_off", "polling", "idle", "failed", "stopped"],
  idle: ["stopped"],
  failed: ["stopped"],
  stopped: [],
};

/** Whether `from → to` is a transition of the lifecycle. */
export function canTransition(from: ConnectorState, to: ConnectorState): boolean {
  return TRANSITIONS[from].includes(to);
}

/** A transition the lifecycle does not have: a bug in the caller. */
export class IllegalTransitionError extends Error {
  readonly from: ConnectorState;
  readonly to: ConnectorState;

  constructor(from: ConnectorState, to: ConnectorState) {
    super(`Illegal connector lifecycle transition ${from} → ${to}`);
    this.name = "IllegalTransitionError";
    this.from = from;
    this.to = to;
  }
}

/**
 * One connector's current state. Starts in `starting`.
 * @example
 * const life = new ConnectorLifecycle();
 * life.to("polling");
 * life.to("backing_off");
 * life.to("idle"); // throws IllegalTransitionError
 */
export class ConnectorLifecycle {
  #state: ConnectorState = "starting";

  get state(): ConnectorState {
    return this.#state;
  }

  /** Moves to `next`; throws IllegalTransitionError for a transition not in the table. */
  to(next: ConnectorState): void {
    if (!canTransition(this.#state, next)) throw new IllegalTransitionError(this.#state, next);
    this.#state = next;
  }

  /** True once `stopped`: nothing may run for the connector any more. */
  get isStopped(): boolean {
    return this.#state === "stopped";
  }

  /** True in `failed` or `stopped`: nothing is scheduled. */
  get isFinal(): boolean {
    return this.#state === "failed" || this.#state === "stopped";
  }
}
