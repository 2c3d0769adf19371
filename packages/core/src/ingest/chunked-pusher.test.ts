import { describe, expect, it } from "vitest";
import { makeDelta, type RowDelta } from "../delta/index.js";
import { BackpressureError, FlushError, LakeSyncError } from "../errors/index.js";
import { Err, Ok, type Result } from "../result/index.js";
import type {
  BufferStats,
  IngestTarget,
  PushAck,
  PushMessage,
  PushTarget,
} from "../targets/index.js";
import { createChunkedPusher } from "./chunked-pusher.js";

const CLIENT = "ingest:test";

function delta(i: number): RowDelta {
  return makeDelta(
    { op: "INSERT", table: "items", rowId: String(i), columns: [{ column: "n", value: i }] },
    CLIENT,
    BigInt(i + 1) << 16n,
  );
}

type Scripted = "BACKPRESSURE" | "UPSTREAM_ERROR";

/**
 * A stand-in for an external gateway: keeps pushed deltas until flushed, sizes its buffer
 * at 100 bytes a delta, and can be told to refuse the next pushes or flushes. Every call is
 * appended to `calls` (`push:3`, `flush`, `reject:BACKPRESSURE`...), as is `events`, which the
 * tests share with checkpoint callbacks to check the order of things.
 */
class TinyIngestTarget implements IngestTarget {
  readonly calls: string[] = [];
  readonly messages: PushMessage[] = [];
  readonly delivered: string[] = [];
  held: RowDelta[] = [];
  rejectNext: Scripted[] = [];
  failFlushes = 0;
  /** Flushes that write only up to the push before the last (a flush begun before it). */
  staleFlushes = 0;
  flushAtDeltas = Number.POSITIVE_INFINITY;
  #serverHlc = 1000n;
  #persisted = 0n;

  /** `stored`: it writes flushed deltas to a store and says how far (`persistedUpTo`). */
  constructor(
    readonly events: string[] = [],
    readonly stored = false,
  ) {}

  get persistedUpTo(): bigint | undefined {
    return this.stored ? this.#persisted : undefined;
  }

  async push(msg: PushMessage): Promise<Result<PushAck, LakeSyncError>> {
    const scripted = this.rejectNext.shift();
    if (scripted) {
      this.#log(`reject:${scripted}`);
      return Err(
        scripted === "BACKPRESSURE"
          ? new BackpressureError()
          : new LakeSyncError("UPSTREAM_ERROR", "gateway unreachable"),
      );
    }
    this.#log(`push:${msg.deltas.length}`);
    this.messages.push(msg);
    this.held.push(...msg.deltas);
    this.delivered.push(...msg.deltas.map((d) => d.rowId));
    this.#serverHlc += 10n;
    return Ok({ serverHlc: this.#serverHlc, accepted: msg.deltas.length });
  }

  async flush(): Promise<Result<void, FlushError>> {
    if (this.failFlushes > 0) {
      this.failFlushes -= 1;
      this.#log("flush-failed");
      return Err(new FlushError("store unavailable"));
    }
    this.#log("flush");
    this.held = [];
    if (this.staleFlushes > 0) {
      this.staleFlushes -= 1;
      this.#persisted = this.#serverHlc - 10n;
    } else {
      this.#persisted = this.#serverHlc;
    }
    return Ok(undefined);
  }

  shouldFlush(): boolean {
    return this.held.length >= this.flushAtDeltas;
  }

  get bufferStats(): BufferStats {
    return {
      logSize: this.held.length,
      indexSize: this.held.length,
      byteSize: this.held.length * 100,
    };
  }

  #log(call: string): void {
    this.calls.push(call);
    this.events.push(call);
  }
}

/** A target without flush: a gateway reached through a plain client. */
class PlainTarget implements PushTarget {
  readonly sizes: number[] = [];
  rejectNext: Scripted[] = [];

  async push(msg: PushMessage): Promise<Result<PushAck, LakeSyncError>> {
    if (this.rejectNext.shift()) return Err(new BackpressureError());
    this.sizes.push(msg.deltas.length);
    return Ok({ serverHlc: 1n, accepted: msg.deltas.length });
  }
}

async function addAll(
  pusher: { add(d: RowDelta, c?: number): Promise<Result<void, LakeSyncError>> },
  from: number,
  to: number,
  withCheckpoints = false,
) {
  const results: Result<void, LakeSyncError>[] = [];
  for (let i = from; i < to; i++)
    results.push(await pusher.add(delta(i), withCheckpoints ? i : undefined));
  return results;
}

describe("createChunkedPusher: chunking", () => {
  it("pushes every chunkSize deltas and the remainder on finish()", async () => {
    const target = new PlainTarget();
    const pusher = createChunkedPusher({ target, clientId: CLIENT, chunkSize: 3 });
    await addAll(pusher, 0, 7);
    expect(target.sizes).toEqual([3, 3]);
    expect(pusher.pending).toBe(1);
    expect((await pusher.finish()).ok).toBe(true);
    expect(target.sizes).toEqual([3, 3, 1]);
    expect(pusher.stats).toEqual({
      deltasPushed: 7,
      chunksPushed: 3,
      flushes: 0,
      retries: 0,
      pending: 0,
    });
  });

  it("hold() returns nothing to await until a chunk fills, then that chunk's push", async () => {
    const events: string[] = [];
    const target = new TinyIngestTarget(events);
    const pusher = createChunkedPusher({
      target,
      clientId: CLIENT,
      chunkSize: 3,
      onCheckpoint: (c: number) => {
        events.push(`checkpoint:${c}`);
      },
    });
    expect(pusher.hold(delta(0), 0)).toBeNull();
    expect(pusher.hold(delta(1), 1)).toBeNull();
    const pushing = pusher.hold(delta(2), 2);
    expect(pushing).toBeInstanceOf(Promise);
    // The chunk is under way: nothing may be held until it settles.
    expect(() => pusher.hold(delta(3))).toThrow(/must not overlap/);
    expect((await pushing)?.ok).toBe(true);
    expect(events).toEqual(["push:3", "checkpoint:2"]);
    expect(pusher.hold(delta(3), 3)).toBeNull();
    expect(pusher.pending).toBe(1);
    target.rejectNext = ["UPSTREAM_ERROR"];
    expect(pusher.hold(delta(4))).toBeNull();
    const refused = await pusher.hold(delta(5));
    expect(refused?.ok).toBe(false);
    expect(pusher.pending).toBe(3); // nothing of the refused chunk is lost
  });

  it("uses chunks of 500 by default", async () => {
    const target = new PlainTarget();
    const pusher = createChunkedPusher({ target, clientId: CLIENT });
    await addAll(pusher, 0, 1200);
    await pusher.finish();
    expect(target.sizes).toEqual([500, 500, 200]);
  });

  it("finish() with nothing held pushes nothing", async () => {
    const target = new PlainTarget();
    const pusher = createChunkedPusher({ target, clientId: CLIENT, chunkSize: 2 });
    await addAll(pusher, 0, 4);
    expect((await pusher.finish()).ok).toBe(true);
    expect(target.sizes).toEqual([2, 2]);
  });

  it("sends each push as clientId with the last server HLC it was given", async () => {
    const target = new TinyIngestTarget();
    const pusher = createChunkedPusher({ target, clientId: CLIENT, chunkSize: 2, lastSeenHlc: 7n });
    await addAll(pusher, 0, 6);
    expect(target.messages.map((m) => m.clientId)).toEqual([CLIENT, CLIENT, CLIENT]);
    expect(target.messages.map((m) => m.lastSeenHlc)).toEqual([7n, 1010n, 1020n]);
    expect(pusher.lastSeenHlc).toBe(1030n);
    expect(target.messages.map((m) => m.deltas.map((d) => d.rowId))).toEqual([
      ["0", "1"],
      ["2", "3"],
      ["4", "5"],
    ]);
  });
});

describe("createChunkedPusher: fresh deltas", () => {
  it("sends pushes as fresh only when told its deltas are", async () => {
    for (const freshDeltas of [true, false, undefined]) {
      const target = new TinyIngestTarget();
      const pusher = createChunkedPusher({
        target,
        clientId: CLIENT,
        chunkSize: 2,
        ...(freshDeltas === undefined ? {} : { freshDeltas }),
      });
      await addAll(pusher, 0, 3);
      expect((await pusher.finish()).ok).toBe(true);
      expect(target.messages.map((m) => m.fresh === true)).toEqual([
        freshDeltas === true,
        freshDeltas === true,
      ]);
    }
  });

  it("keeps fresh on the retry after BACKPRESSURE", async () => {
    const target = new TinyIngestTarget();
    target.rejectNext = ["BACKPRESSURE"];
    const pusher = createChunkedPusher({
      target,
      clientId: CLIENT,
      chunkSize: 2,
      freshDeltas: true,
    });
    await addAll(pusher, 0, 2);
    expect(target.calls).toEqual(["reject:BACKPRESSURE", "flush", "push:2"]);
    expect(target.messages[0]?.fresh).toBe(true);
  });
});

describe("createChunkedPusher: memory management", () => {
  it("flushes before a push when the target says it should", async () => {
    const target = new TinyIngestTarget();
    target.flushAtDeltas = 4;
    const pusher = createChunkedPusher({ target, clientId: CLIENT, chunkSize: 2 });
    await addAll(pusher, 0, 10);
    expect(target.calls).toEqual([
      "push:2",
      "push:2",
      "flush",
      "push:2",
      "push:2",
      "flush",
      "push:2",
    ]);
    expect(pusher.stats.flushes).toBe(2);
  });

  it("flushes before a push once the buffer reaches 70% of memoryBudgetBytes", async () => {
    const target = new TinyIngestTarget(); // 100 bytes a delta
    const pusher = createChunkedPusher({
      target,
      clientId: CLIENT,
      chunkSize: 2,
      memoryBudgetBytes: 1000, // flush at >= 700 bytes
    });
    await addAll(pusher, 0, 12);
    // Held before each push: 0, 200, 400, 600, 800 (flush) → 0, 200.
    expect(target.calls).toEqual([
      "push:2",
      "push:2",
      "push:2",
      "push:2",
      "flush",
      "push:2",
      "push:2",
    ]);
  });

  it("flushes at exactly 70% of the budget", async () => {
    const target = new TinyIngestTarget();
    const pusher = createChunkedPusher({
      target,
      clientId: CLIENT,
      chunkSize: 7,
      memoryBudgetBytes: 1000,
    });
    await addAll(pusher, 0, 14);
    expect(target.calls).toEqual(["push:7", "flush", "push:7"]);
  });

  it("never flushes without a budget or a request from the target", async () => {
    const target = new TinyIngestTarget();
    const pusher = createChunkedPusher({ target, clientId: CLIENT, chunkSize: 10 });
    await addAll(pusher, 0, 1000);
    expect(target.calls.filter((c) => c === "flush")).toEqual([]);
    expect(target.held).toHaveLength(1000);
  });

  it("keeps the buffer of a target within budget over many chunks", async () => {
    const target = new TinyIngestTarget();
    let maxHeld = 0;
    const pusher = createChunkedPusher({
      target,
      clientId: CLIENT,
      chunkSize: 50,
      memoryBudgetBytes: 100_000, // 1,000 deltas; flush from 700
    });
    for (let i = 0; i < 10_000; i++) {
      await pusher.add(delta(i));
      maxHeld = Math.max(maxHeld, target.held.length);
    }
    await pusher.finish();
    expect(target.delivered).toHaveLength(10_000);
    expect(maxHeld).toBeLessThanOrEqual(750);
  });
});

describe("createChunkedPusher: rejected pushes", () => {
  it("flushes and retries once on BACKPRESSURE", async () => {
    const target = new TinyIngestTarget();
    const pusher = createChunkedPusher({ target, clientId: CLIENT, chunkSize: 3 });
    await addAll(pusher, 0, 3);
    target.rejectNext = ["BACKPRESSURE"];
    const results = await addAll(pusher, 3, 6);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(target.calls).toEqual(["push:3", "reject:BACKPRESSURE", "flush", "push:3"]);
    expect(pusher.stats).toMatchObject({ deltasPushed: 6, flushes: 1, retries: 1, pending: 0 });
  });

  it("returns a second BACKPRESSURE as an Err and keeps the chunk, so nothing is lost", async () => {
    const target = new TinyIngestTarget();
    const checkpoints: number[] = [];
    const pusher = createChunkedPusher<number>({
      target,
      clientId: CLIENT,
      chunkSize: 3,
      onCheckpoint: (c) => {
        checkpoints.push(c);
      },
    });
    await addAll(pusher, 0, 3, true);
    target.rejectNext = ["BACKPRESSURE", "BACKPRESSURE"];
    const results = await addAll(pusher, 3, 6, true);
    const failed = results[2];
    expect(failed?.ok).toBe(false);
    if (failed && !failed.ok) {
      expect(failed.error.code).toBe("BACKPRESSURE");
      expect(failed.error).toBeInstanceOf(BackpressureError);
    }
    expect(target.calls).toEqual(["push:3", "reject:BACKPRESSURE", "flush", "reject:BACKPRESSURE"]);
    expect(pusher.pending).toBe(3);
    expect(checkpoints).toEqual([2]); // not 5: those rows were not accepted

    // Later (after a backoff) the kept deltas go out again, in order, once.
    expect((await pusher.finish()).ok).toBe(true);
    expect(target.delivered).toEqual(["0", "1", "2", "3", "4", "5"]);
    expect(checkpoints).toEqual([2, 5]);
    expect(pusher.pending).toBe(0);
  });

  it("tells onAccepted the running count after each accepted chunk, never for a rejected one", async () => {
    const target = new TinyIngestTarget();
    const accepted: number[] = [];
    const pusher = createChunkedPusher<number>({
      target,
      clientId: CLIENT,
      chunkSize: 3,
      onAccepted: (n) => accepted.push(n),
    });
    await addAll(pusher, 0, 3);
    target.rejectNext = ["BACKPRESSURE", "BACKPRESSURE"];
    await addAll(pusher, 3, 6);
    expect(accepted).toEqual([3]);
    await addAll(pusher, 6, 7);
    expect((await pusher.finish()).ok).toBe(true);
    expect(accepted).toEqual([3, 6, 7]);
  });

  it("does not retry other errors and does not flush for them", async () => {
    const target = new TinyIngestTarget();
    const pusher = createChunkedPusher({ target, clientId: CLIENT, chunkSize: 2 });
    target.rejectNext = ["UPSTREAM_ERROR"];
    const results = await addAll(pusher, 0, 2);
    const last = results[1];
    expect(last?.ok).toBe(false);
    if (last && !last.ok) expect(last.error.code).toBe("UPSTREAM_ERROR");
    expect(target.calls).toEqual(["reject:UPSTREAM_ERROR"]);
    expect(pusher.pending).toBe(2);
  });

  it("returns a failed flush as an Err and keeps the chunk", async () => {
    const target = new TinyIngestTarget();
    target.flushAtDeltas = 2;
    const pusher = createChunkedPusher({ target, clientId: CLIENT, chunkSize: 2 });
    await addAll(pusher, 0, 2);
    target.failFlushes = 1;
    const results = await addAll(pusher, 2, 4);
    const last = results[1];
    expect(last?.ok).toBe(false);
    if (last && !last.ok) expect(last.error).toBeInstanceOf(FlushError);
    expect(target.calls).toEqual(["push:2", "flush-failed"]);
    expect(pusher.pending).toBe(2);
    expect((await pusher.finish()).ok).toBe(true);
    expect(target.delivered).toEqual(["0", "1", "2", "3"]);
  });

  it("returns a flush failing after BACKPRESSURE as an Err without pushing again", async () => {
    const target = new TinyIngestTarget();
    const pusher = createChunkedPusher({ target, clientId: CLIENT, chunkSize: 1 });
    target.rejectNext = ["BACKPRESSURE"];
    target.failFlushes = 1;
    const result = await pusher.add(delta(0));
    expect(result.ok).toBe(false);
    expect(target.calls).toEqual(["reject:BACKPRESSURE", "flush-failed"]);
    expect(pusher.stats.retries).toBe(0);
  });

  it("gives a plain PushTarget chunks only: BACKPRESSURE is returned, no flush to try", async () => {
    const target = new PlainTarget();
    const pusher = createChunkedPusher({
      target,
      clientId: CLIENT,
      chunkSize: 2,
      memoryBudgetBytes: 1,
    });
    target.rejectNext = ["BACKPRESSURE"];
    const results = await addAll(pusher, 0, 2);
    expect(results[1]?.ok).toBe(false);
    expect(target.sizes).toEqual([]);
    expect((await pusher.finish()).ok).toBe(true);
    expect(target.sizes).toEqual([2]);
    expect(pusher.stats.flushes).toBe(0);
  });

  it("discard() drops the kept deltas", async () => {
    const target = new TinyIngestTarget();
    const pusher = createChunkedPusher({ target, clientId: CLIENT, chunkSize: 2 });
    target.rejectNext = ["UPSTREAM_ERROR", "UPSTREAM_ERROR"];
    const results = await addAll(pusher, 0, 3);
    // The third add tried the kept chunk again (and failed again); its delta is kept too.
    expect(results.map((r) => r.ok)).toEqual([true, false, false]);
    expect(target.calls).toEqual(["reject:UPSTREAM_ERROR", "reject:UPSTREAM_ERROR"]);
    expect(pusher.discard()).toBe(3);
    expect(pusher.pending).toBe(0);
    await addAll(pusher, 10, 12);
    expect(target.delivered).toEqual(["10", "11"]);
  });

  it("lets a throwing target's error through, keeping the chunk and staying usable", async () => {
    let fail = true;
    const delivered: string[] = [];
    const target: PushTarget = {
      async push(msg) {
        if (fail) throw new TypeError("fetch failed");
        delivered.push(...msg.deltas.map((d) => d.rowId));
        return Ok({ serverHlc: 1n, accepted: msg.deltas.length });
      },
    };
    const pusher = createChunkedPusher({ target, clientId: CLIENT, chunkSize: 1 });
    await expect(pusher.add(delta(0))).rejects.toThrow("fetch failed");
    expect(pusher.pending).toBe(1);
    fail = false;
    expect((await pusher.finish()).ok).toBe(true);
    expect(delivered).toEqual(["0"]);
  });
});

describe("createChunkedPusher: checkpoints", () => {
  it("reports the last checkpoint of each chunk only after the chunk was accepted", async () => {
    const events: string[] = [];
    const target = new TinyIngestTarget(events);
    const pusher = createChunkedPusher<number>({
      target,
      clientId: CLIENT,
      chunkSize: 3,
      onCheckpoint: async (c) => {
        await Promise.resolve();
        events.push(`checkpoint:${c}`);
      },
    });
    await addAll(pusher, 0, 7, true);
    expect(events).toEqual(["push:3", "checkpoint:2", "push:3", "checkpoint:5"]);
    await pusher.finish();
    expect(events).toEqual([
      "push:3",
      "checkpoint:2",
      "push:3",
      "checkpoint:5",
      "push:1",
      "checkpoint:6",
    ]);
  });

  it("skips chunks without a checkpoint and uses the last one given within a chunk", async () => {
    const seen: string[] = [];
    const target = new TinyIngestTarget();
    const pusher = createChunkedPusher<string>({
      target,
      clientId: CLIENT,
      chunkSize: 3,
      onCheckpoint: (c) => {
        seen.push(c);
      },
    });
    await pusher.add(delta(0), "a");
    await pusher.add(delta(1), "b");
    await pusher.add(delta(2)); // a chunk: last checkpoint "b"
    await pusher.add(delta(3));
    await pusher.add(delta(4));
    await pusher.add(delta(5)); // a chunk without checkpoints
    expect(seen).toEqual(["b"]);
    await pusher.finish("end");
    expect(seen).toEqual(["b", "end"]);
  });

  it("does not report finish()'s checkpoint when the last push fails", async () => {
    const seen: string[] = [];
    const target = new TinyIngestTarget();
    const pusher = createChunkedPusher<string>({
      target,
      clientId: CLIENT,
      chunkSize: 10,
      onCheckpoint: (c) => {
        seen.push(c);
      },
    });
    await pusher.add(delta(0));
    target.rejectNext = ["UPSTREAM_ERROR"];
    expect((await pusher.finish("max")).ok).toBe(false);
    expect(seen).toEqual([]);
    expect((await pusher.finish("max")).ok).toBe(true);
    expect(seen).toEqual(["max"]);
  });
});

describe("createChunkedPusher: checkpoints on a target with a store", () => {
  function storedPusher(events: string[], target: TinyIngestTarget, chunkSize = 2) {
    return createChunkedPusher<number>({
      target,
      clientId: CLIENT,
      chunkSize,
      onCheckpoint: (c) => {
        events.push(`checkpoint:${c}`);
      },
    });
  }

  it("reports a checkpoint only once the store holds its chunk, and flushes for the last one", async () => {
    const events: string[] = [];
    const target = new TinyIngestTarget(events, true);
    const pusher = storedPusher(events, target);
    await addAll(pusher, 0, 5, true);
    // Accepted into the buffer only: a crash now would lose them, so no cursor moves.
    expect(events).toEqual(["push:2", "push:2"]);
    expect((await pusher.finish()).ok).toBe(true);
    expect(events).toEqual(["push:2", "push:2", "push:1", "flush", "checkpoint:4"]);
    expect(target.persistedUpTo).toBe(1030n);
  });

  it("reports waiting checkpoints once a flush between pushes wrote their chunks", async () => {
    const events: string[] = [];
    const target = new TinyIngestTarget(events, true);
    target.flushAtDeltas = 4;
    const pusher = storedPusher(events, target);
    await addAll(pusher, 0, 6, true);
    expect(events).toEqual(["push:2", "push:2", "flush", "push:2", "checkpoint:3"]);
  });

  it("flushes again when a flush already under way did not reach its last chunk", async () => {
    const events: string[] = [];
    const target = new TinyIngestTarget(events, true);
    const pusher = storedPusher(events, target);
    await addAll(pusher, 0, 4, true);
    target.staleFlushes = 1;
    expect((await pusher.finish()).ok).toBe(true);
    expect(events).toEqual(["push:2", "push:2", "flush", "flush", "checkpoint:3"]);
  });

  it("keeps the checkpoint unreported when the last flush fails, and reports it on a later finish", async () => {
    const events: string[] = [];
    const target = new TinyIngestTarget(events, true);
    const pusher = storedPusher(events, target);
    await addAll(pusher, 0, 2, true);
    target.failFlushes = 1;
    const failed = await pusher.finish();
    expect(failed.ok).toBe(false);
    expect(events).toEqual(["push:2", "flush-failed"]);
    expect((await pusher.finish()).ok).toBe(true);
    expect(events).toEqual(["push:2", "flush-failed", "flush", "checkpoint:1"]);
  });

  it("finish() persists what it got accepted even without checkpoints (a diff cycle's snapshot)", async () => {
    const target = new TinyIngestTarget([], true);
    const pusher = createChunkedPusher({ target, clientId: CLIENT, chunkSize: 10 });
    await addAll(pusher, 0, 3);
    expect((await pusher.finish()).ok).toBe(true);
    expect(target.calls).toEqual(["push:3", "flush"]);
    expect(target.held).toEqual([]);
    // Nothing new accepted: nothing to flush.
    expect((await pusher.finish()).ok).toBe(true);
    expect(target.calls).toEqual(["push:3", "flush"]);
  });
});

describe("createChunkedPusher: misuse", () => {
  it("throws when calls overlap", async () => {
    let release: () => void = () => undefined;
    const target: PushTarget = {
      push: (msg) =>
        new Promise((resolve) => {
          release = () => resolve(Ok({ serverHlc: 1n, accepted: msg.deltas.length }));
        }),
    };
    const pusher = createChunkedPusher({ target, clientId: CLIENT, chunkSize: 1 });
    const first = pusher.add(delta(0));
    await expect(pusher.add(delta(1))).rejects.toThrow(/must not overlap/);
    expect(() => pusher.discard()).toThrow(/in flight/);
    release();
    expect((await first).ok).toBe(true);
    expect(pusher.pending).toBe(0);
  });

  it("refuses bad options at construction", () => {
    const target = new PlainTarget();
    expect(() => createChunkedPusher({ target, clientId: "" })).toThrow(TypeError);
    expect(() => createChunkedPusher({ target, clientId: CLIENT, chunkSize: 0 })).toThrow(
      RangeError,
    );
    expect(() => createChunkedPusher({ target, clientId: CLIENT, chunkSize: 2.5 })).toThrow(
      /chunkSize/,
    );
    expect(() => createChunkedPusher({ target, clientId: CLIENT, memoryBudgetBytes: 0 })).toThrow(
      /memoryBudgetBytes/,
    );
    expect(() =>
      createChunkedPusher({ target, clientId: CLIENT, memoryBudgetBytes: Number.NaN }),
    ).toThrow(RangeError);
  });
});
