import type { Readable } from "node:stream";

/**
 * The objects of an object-mode Readable in arrays of up to `size`, taken with synchronous
 * `read()` calls: one wait each time the stream runs dry, not a promise per object as
 * `for await` takes. A stream that fails, or is destroyed before its end, throws.
 */
export async function* readableBatches<T>(stream: Readable, size: number): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for (;;) {
    for (let item = stream.read() as T | null; item !== null; item = stream.read() as T | null) {
      batch.push(item);
      if (batch.length >= size) {
        yield batch;
        batch = [];
      }
    }
    if (stream.readableEnded) break;
    if (stream.destroyed) throw stream.errored ?? new Error("The stream closed before its end");
    await nextEvent(stream);
  }
  if (batch.length > 0) yield batch;
}

/** Resolves on the stream's next `readable`, `end` or `close`; rejects on `error`. */
function nextEvent(stream: Readable): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const settle = (err?: unknown) => {
      stream.off("readable", onEvent);
      stream.off("end", onEvent);
      stream.off("close", onEvent);
      stream.off("error", onError);
      if (err === undefined) resolve();
      else reject(err);
    };
    const onEvent = () => settle();
    const onError = (err: unknown) => settle(err ?? new Error("The stream failed"));
    stream.on("readable", onEvent);
    stream.on("end", onEvent);
    stream.on("close", onEvent);
    stream.on("error", onError);
  });
}
