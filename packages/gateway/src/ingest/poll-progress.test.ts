import { describe, expect, it } from "vitest";
import { type IngestProgress, PollProgress } from "./poll-progress.js";

describe("PollProgress", () => {
  it("counts rows and accepted deltas over the tables of one poll", () => {
    const seen: IngestProgress[] = [];
    let now = 1_000;
    const progress = new PollProgress(
      (p) => seen.push(p),
      () => now,
    );
    now = 1_200;
    progress.read("a", 100, 40);
    progress.read("a", 50, 90);
    progress.tableDone(90);
    now = 1_500;
    progress.read("b", 10, 10);
    // A table that failed keeps what it had accepted.
    progress.tableDone(10);
    progress.end(true);
    expect(seen).toEqual([
      { table: "a", rowsRead: 100, deltasPushed: 40, elapsedMs: 200, done: false, failed: false },
      { table: "a", rowsRead: 150, deltasPushed: 90, elapsedMs: 200, done: false, failed: false },
      { table: "b", rowsRead: 160, deltasPushed: 100, elapsedMs: 500, done: false, failed: false },
      { table: "b", rowsRead: 160, deltasPushed: 100, elapsedMs: 500, done: true, failed: true },
    ]);
  });

  it("tells a poll that succeeded from one that failed", () => {
    const ends: boolean[] = [];
    const listen = (p: IngestProgress) => {
      if (p.done) ends.push(p.failed);
    };
    new PollProgress(listen).end(false);
    new PollProgress(listen).end(true);
    expect(ends).toEqual([false, true]);
  });

  it("only counts without a listener", () => {
    const progress = new PollProgress();
    progress.read("a", 10, 10);
    progress.tableDone(10);
    expect(() => progress.end(false)).not.toThrow();
  });
});
