import type { ChunkedPusher, LakeSyncError, RowDelta } from "@lakesync/core";
import { PollError } from "./types.js";

/**
 * A push the gateway refused, thrown out of a poller's inner loops (the pusher answers
 * with values) and turned into the poll's answer by {@link refusedPushError}.
 */
export class PushRefused extends Error {
  readonly error: LakeSyncError;

  constructor(error: LakeSyncError) {
    super(error.message);
    this.name = "PushRefused";
    this.error = error;
  }
}

/** `pusher.add`, throwing a {@link PushRefused} when a chunk it pushed was refused. */
export async function addOrThrow<C>(
  pusher: ChunkedPusher<C>,
  delta: RowDelta,
  checkpoint?: C,
): Promise<void> {
  const added = await pusher.add(delta, checkpoint);
  if (!added.ok) throw new PushRefused(added.error);
}

/** `pusher.finish`, throwing a {@link PushRefused} when the last push was refused. */
export async function finishOrThrow<C>(pusher: ChunkedPusher<C>, checkpoint?: C): Promise<void> {
  const done = await pusher.finish(checkpoint);
  if (!done.ok) throw new PushRefused(done.error);
}

/** The poll's answer to a refused push: the gateway's code, naming what was being pushed. */
export function refusedPushError(refused: PushRefused, what: string): PollError {
  return new PollError(refused.error.code, `pushing ${what} failed: ${refused.error.message}`, {
    cause: refused.error,
  });
}
