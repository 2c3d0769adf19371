import { replaceEqualDeep } from "./replace-equal-deep.js";
import { globalTimers, type Timers } from "./timers.js";

/**
 * The state of one remote resource. A new object only when something changed, so it can be
 * compared by reference (`useSyncExternalStore` needs exactly that).
 */
export interface ResourceState<T> {
  /** The last answer; the initial value until the first one arrives. */
  readonly data: T;
  /** No answer yet and none failed: the first load (or a retry after a failed first load). */
  readonly isLoading: boolean;
  /** A request is in flight (first load, refetch or poll). */
  readonly isFetching: boolean;
  /**
   * The last request's error, cleared by the next success: usually a `LakeSyncApiError`
   * (the server's `status`, `code`, `message`, `issues`) or a `LakeSyncNetworkError`.
   * `data` keeps the last good answer meanwhile.
   */
  readonly error: Error | null;
}

/** How a resource is loaded and kept fresh. */
export interface ResourceStoreOptions<T> {
  /** Fetches the resource. */
  readonly load: () => Promise<T>;
  /** `data` before the first answer. */
  readonly initial: T;
  /**
   * While someone is subscribed, fetch again this long after each answer. `0` or absent:
   * only on the first subscription and on `refetch()`.
   */
  readonly refreshIntervalMs?: number | undefined;
  /** Default: the global `setTimeout`/`clearTimeout`. */
  readonly timers?: Timers | undefined;
}

/** Subscribe / snapshot / refetch over one remote resource, with no framework. */
export interface ResourceStore<T> {
  /**
   * Calls `listener` after every change. The first subscriber starts the first load (and
   * the polling); the last one leaving stops the polling.
   */
  readonly subscribe: (listener: () => void) => () => void;
  /** The current state: the same object until something changes. */
  readonly getSnapshot: () => ResourceState<T>;
  /** Fetches now; resolves when the state is updated. Never rejects: errors go to `error`. */
  readonly refetch: () => Promise<void>;
}

/**
 * A store of one remote resource. Requests overlap safely: only the latest one's answer is
 * kept. Polls are chained (the next is scheduled when an answer arrives), so a slow gateway
 * never gets two polls at once.
 * @example
 * const store = createResourceStore({ load: () => client.connectors.list(), initial: [] });
 * const stop = store.subscribe(() => render(store.getSnapshot()));
 */
export function createResourceStore<T>(options: ResourceStoreOptions<T>): ResourceStore<T> {
  const timers = options.timers ?? globalTimers;
  const interval = options.refreshIntervalMs ?? 0;
  if (!Number.isFinite(interval) || interval < 0) {
    throw new RangeError(`refreshIntervalMs must be a finite number >= 0, got ${interval}`);
  }
  const listeners = new Set<() => void>();
  let state: ResourceState<T> = {
    data: options.initial,
    isLoading: true,
    isFetching: false,
    error: null,
  };
  let loaded = false;
  let latest = 0;
  let timer: { handle: unknown } | undefined;

  const set = (patch: Partial<ResourceState<T>>) => {
    const next = { ...state, ...patch };
    const changed = (Object.keys(patch) as (keyof ResourceState<T>)[]).some(
      (key) => next[key] !== state[key],
    );
    if (!changed) return;
    state = next;
    for (const listener of [...listeners]) listener();
  };

  const cancelPoll = () => {
    if (timer) timers.clearTimeout(timer.handle);
    timer = undefined;
  };

  const schedulePoll = () => {
    cancelPoll();
    if (interval > 0 && listeners.size > 0) {
      timer = { handle: timers.setTimeout(() => void refetch(), interval) };
    }
  };

  const refetch = async (): Promise<void> => {
    cancelPoll();
    const request = ++latest;
    set({ isFetching: true, isLoading: !loaded });
    let outcome: { ok: true; data: T } | { ok: false; error: Error };
    try {
      outcome = { ok: true, data: await options.load() };
    } catch (error) {
      outcome = { ok: false, error: toError(error) };
    }
    if (request !== latest) return;
    if (outcome.ok) {
      loaded = true;
      set({
        data: replaceEqualDeep(state.data, outcome.data),
        isLoading: false,
        isFetching: false,
        error: null,
      });
    } else {
      set({ isLoading: false, isFetching: false, error: outcome.error });
    }
    schedulePoll();
  };

  const subscribe = (listener: () => void) => {
    listeners.add(listener);
    if (listeners.size === 1 && !state.isFetching) {
      // A first load, or fresh data for a live view that was not watched for a while.
      if (!loaded || interval > 0) void refetch();
    }
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) cancelPoll();
    };
  };

  return { subscribe, getSnapshot: () => state, refetch };
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
