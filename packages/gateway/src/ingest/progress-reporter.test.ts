import { describe, expect, it } from "vitest";
import type { IngestProgress } from "./poll-progress.js";
import { progressReporter } from "./progress-reporter.js";

function recorder() {
  const logs: { msg: string; fields: object | undefined }[] = [];
  const counts: number[] = [];
  const report = progressReporter(
    {
      log: (_level, msg, fields) => logs.push({ msg, fields }),
      onProgress: (progress) => counts.push(progress.deltasPushed),
    },
    10_000,
  );
  return { logs, counts, report };
}

const at = (elapsedMs: number, rowsRead: number, done = false, failed = false): IngestProgress => ({
  table: "events",
  rowsRead,
  deltasPushed: rowsRead,
  elapsedMs,
  done,
  failed,
});

describe("progressReporter", () => {
  it("tells the host every count, and logs a long poll every 10 s, then its end", () => {
    const { logs, counts, report } = recorder();
    for (const [ms, rows] of [
      [500, 5_000],
      [9_999, 50_000],
      [10_000, 60_000],
      [15_000, 90_000],
      [20_500, 120_000],
    ] as const) {
      report(at(ms, rows));
    }
    report(at(24_000, 150_000, true));
    expect(counts).toEqual([5_000, 50_000, 60_000, 90_000, 120_000, 150_000]);
    expect(logs).toEqual([
      {
        msg: "ingest progress",
        fields: {
          table: "events",
          rowsRead: 60_000,
          deltasPushed: 60_000,
          seconds: 10,
          rowsPerSecond: 6_000,
        },
      },
      {
        msg: "ingest progress",
        fields: expect.objectContaining({ rowsRead: 120_000, seconds: 21 }),
      },
      {
        msg: "ingest poll finished",
        fields: { rowsRead: 150_000, deltasPushed: 150_000, seconds: 24, rowsPerSecond: 6_250 },
      },
    ]);
  });

  it("logs nothing for short polls, and starts over with each poll", () => {
    const { logs, report } = recorder();
    report(at(300, 10));
    report(at(400, 10, true));
    expect(logs).toEqual([]);
    // The next poll is timed from its own start: 10 s into it, not 10 s after the last line.
    report(at(12_000, 100));
    report(at(13_000, 100, true, true));
    report(at(5_000, 100));
    report(at(10_500, 200));
    expect(logs.map((l) => l.msg)).toEqual([
      "ingest progress",
      // That poll failed or was stopped.
      "ingest poll stopped",
      "ingest progress",
    ]);
  });
});
