import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { readableBatches } from "./readable-batches.js";

async function collect<T>(stream: Readable, size: number): Promise<T[][]> {
  const batches: T[][] = [];
  for await (const batch of readableBatches<T>(stream, size)) batches.push(batch);
  return batches;
}

/** An object-mode stream that pushes `n` numbers, a few per tick, as a socket would. */
function numbers(n: number, failAt?: number): Readable {
  let next = 0;
  return new Readable({
    objectMode: true,
    highWaterMark: 4,
    read() {
      setImmediate(() => {
        for (let i = 0; i < 3; i++) {
          if (next === failAt) {
            this.destroy(new Error("connection lost"));
            return;
          }
          if (next === n) {
            this.push(null);
            return;
          }
          if (!this.push(next++)) return;
        }
      });
    },
  });
}

describe("readableBatches", () => {
  it("gives every object once, in order, in batches of the size asked", async () => {
    const batches = await collect<number>(numbers(23), 5);
    expect(batches.map((b) => b.length)).toEqual([5, 5, 5, 5, 3]);
    expect(batches.flat()).toEqual(Array.from({ length: 23 }, (_, i) => i));
  });

  it("ends at once on an empty stream", async () => {
    expect(await collect(numbers(0), 5)).toEqual([]);
  });

  it("throws the stream's error, after the batches read before it", async () => {
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const batch of readableBatches<number>(numbers(100, 12), 5)) seen.push(...batch);
      })(),
    ).rejects.toThrow("connection lost");
    expect(seen).toEqual(Array.from({ length: 10 }, (_, i) => i));
  });

  it("throws when the stream is destroyed before its end without an error", async () => {
    const stream = numbers(100);
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const batch of readableBatches<number>(stream, 5)) {
          seen.push(...batch);
          stream.destroy();
        }
      })(),
    ).rejects.toThrow(/closed before its end/);
    expect(seen).toEqual([0, 1, 2, 3, 4]);
  });
});
