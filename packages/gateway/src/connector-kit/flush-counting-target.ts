import type { IngestTarget, PushTarget } from "@lakesync/core";
import type { SyncGateway } from "../engine/sync-gateway.js";

/** Counts the pushes and flushes a real gateway gets, delegating each to it. */
export class FlushCountingTarget implements IngestTarget {
  flushes = 0;
  pushes = 0;
  constructor(readonly inner: SyncGateway) {}
  push(msg: Parameters<PushTarget["push"]>[0]) {
    this.pushes += 1;
    return this.inner.push(msg);
  }
  flush() {
    this.flushes += 1;
    return this.inner.flush();
  }
  shouldFlush() {
    return this.inner.shouldFlush();
  }
  get bufferStats() {
    return this.inner.bufferStats;
  }
}
