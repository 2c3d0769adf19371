import type { Timers } from "../store/timers.js";

/** A fake clock for pollers: timers run only when the test says so. */
export class ManualTimers implements Timers {
  readonly #pending = new Map<number, { callback: () => void; ms: number }>();
  #next = 1;

  setTimeout(callback: () => void, ms: number): number {
    const id = this.#next++;
    this.#pending.set(id, { callback, ms });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.#pending.delete(handle as number);
  }

  /** Delays of the timers waiting to fire. */
  get pending(): number[] {
    return [...this.#pending.values()].map((t) => t.ms);
  }

  /** Fires every waiting timer once (those they schedule wait for the next call). */
  runPending(): void {
    const due = [...this.#pending.values()];
    this.#pending.clear();
    for (const timer of due) timer.callback();
  }
}
