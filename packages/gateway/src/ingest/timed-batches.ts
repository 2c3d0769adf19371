import { AdapterError } from "@lakesync/core";

/**
 * The batches of `read`, each waited for at most `timeoutMs`. A source that sends nothing for
 * that long (a stalled network, a lock held) has its reads cut off by `interrupt`, and the
 * iteration throws an AdapterError that says so: the table fails, and the connector backs off
 * and reads again from its saved position. Only the source's time counts, never the caller's
 * work between batches.
 * @example
 * for await (const rows of timedBatches(source.readRows(query, opts), 120_000, () => source.interrupt())) {}
 */
export async function* timedBatches<T>(
  read: AsyncIterable<T>,
  timeoutMs: number,
  interrupt: () => Promise<void>,
): AsyncGenerator<T, void, undefined> {
  const batches = read[Symbol.asyncIterator]();
  // Whether `batches` still needs its `return()` (a consumer that stops early).
  let open = true;
  try {
    for (;;) {
      const next = batches.next();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const stalled = new Promise<"stalled">((resolve) => {
        timer = setTimeout(() => resolve("stalled"), timeoutMs);
      });
      const result = await Promise.race([next, stalled]).finally(() => clearTimeout(timer));
      if (result === "stalled") {
        // The cut-off read fails `next`; its generator then ends on its own. A `return()`
        // now would wait behind that `next`, so none is asked.
        open = false;
        next.catch(() => {});
        await interrupt();
        throw new AdapterError(
          `No rows from the database within ${timeoutMs / 1000} s: the read was cut off and is tried again at the next poll`,
        );
      }
      if (result.done) {
        open = false;
        return;
      }
      yield result.value;
    }
  } finally {
    if (open) await batches.return?.();
  }
}
