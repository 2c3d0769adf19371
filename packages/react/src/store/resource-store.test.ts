import { describe, expect, it } from "vitest";
import { ManualTimers } from "../testing/manual-timers.js";
import { createResourceStore } from "./resource-store.js";

/** A load whose answers the test hands out one by one. */
function deferredLoads<T>() {
  const waiting: { resolve(value: T): void; reject(error: unknown): void }[] = [];
  return {
    load: () => new Promise<T>((resolve, reject) => waiting.push({ resolve, reject })),
    get calls() {
      return waiting.length;
    },
    answer(index: number, value: T) {
      waiting[index]?.resolve(value);
    },
    fail(index: number, error: unknown) {
      waiting[index]?.reject(error);
    },
  };
}

const tick = () => new Promise((r) => setImmediate(r));

describe("createResourceStore", () => {
  it("starts loading on the first subscriber and stays referentially stable between changes", async () => {
    const loads = deferredLoads<string[]>();
    const store = createResourceStore({ load: loads.load, initial: [] as string[] });
    const first = store.getSnapshot();
    expect(first).toMatchObject({ data: [], isLoading: true, isFetching: false, error: null });
    expect(store.getSnapshot()).toBe(first);
    expect(loads.calls).toBe(0);

    let notified = 0;
    const stop = store.subscribe(() => notified++);
    expect(loads.calls).toBe(1);
    expect(store.getSnapshot()).toMatchObject({ isLoading: true, isFetching: true });

    loads.answer(0, ["a"]);
    await tick();
    const loaded = store.getSnapshot();
    expect(loaded).toEqual({ data: ["a"], isLoading: false, isFetching: false, error: null });
    expect(store.getSnapshot()).toBe(loaded);

    // The same answer again: one change (fetching) and back, but the data keeps its identity.
    const again = store.refetch();
    loads.answer(1, ["a"]);
    await again;
    expect(store.getSnapshot().data).toBe(loaded.data);
    expect(notified).toBe(4);
    stop();
  });

  it("keeps the last data on error, clears the error on the next success, never rejects", async () => {
    const loads = deferredLoads<number>();
    const store = createResourceStore({ load: loads.load, initial: 0 });
    const stop = store.subscribe(() => {});
    loads.fail(0, new Error("down"));
    await tick();
    expect(store.getSnapshot()).toMatchObject({
      data: 0,
      isLoading: false,
      error: { message: "down" },
    });

    // A retry after a failed first load is a load again.
    const retry = store.refetch();
    expect(store.getSnapshot()).toMatchObject({ isLoading: true, isFetching: true });
    loads.answer(1, 7);
    await retry;
    expect(store.getSnapshot()).toEqual({
      data: 7,
      isLoading: false,
      isFetching: false,
      error: null,
    });

    const failing = store.refetch();
    expect(store.getSnapshot().isLoading).toBe(false);
    loads.fail(2, "not an Error");
    await expect(failing).resolves.toBeUndefined();
    expect(store.getSnapshot()).toMatchObject({ data: 7, error: { message: "not an Error" } });
    stop();
  });

  it("keeps only the latest of overlapping requests", async () => {
    const loads = deferredLoads<string>();
    const store = createResourceStore({ load: loads.load, initial: "" });
    const stop = store.subscribe(() => {});
    const second = store.refetch();
    loads.answer(1, "new");
    await second;
    loads.answer(0, "old");
    await tick();
    expect(store.getSnapshot().data).toBe("new");
    stop();
  });

  it("polls while subscribed, one poll at a time, and stops when the last subscriber leaves", async () => {
    const loads = deferredLoads<number>();
    const timers = new ManualTimers();
    const store = createResourceStore({
      load: loads.load,
      initial: 0,
      refreshIntervalMs: 1000,
      timers,
    });
    const stopA = store.subscribe(() => {});
    const stopB = store.subscribe(() => {});
    expect(loads.calls).toBe(1);
    expect(timers.pending).toEqual([]); // nothing scheduled while a request is in flight
    loads.answer(0, 1);
    await tick();
    expect(timers.pending).toEqual([1000]);

    timers.runPending();
    expect(loads.calls).toBe(2);
    loads.answer(1, 2);
    await tick();
    expect(store.getSnapshot().data).toBe(2);
    expect(timers.pending).toEqual([1000]);

    stopA();
    expect(timers.pending).toEqual([1000]);
    stopB();
    expect(timers.pending).toEqual([]);

    // An answer arriving after everyone left schedules nothing.
    const late = store.refetch();
    loads.answer(2, 3);
    await late;
    expect(store.getSnapshot().data).toBe(3);
    expect(timers.pending).toEqual([]);
  });

  it("refuses a bad interval at construction", () => {
    expect(() =>
      createResourceStore({ load: async () => 1, initial: 0, refreshIntervalMs: -1 }),
    ).toThrow(RangeError);
  });
});
