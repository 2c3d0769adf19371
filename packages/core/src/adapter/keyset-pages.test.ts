import { describe, expect, it } from "vitest";
import { keysetPages } from "./keyset-pages.js";

const TABLE = Array.from({ length: 10 }, (_, i) => i + 1);

/** Pages of 4 from TABLE after a value, logging when each read starts and ends. */
function reader(log: string[], failAfter?: number) {
  return async (after: number | null): Promise<number[]> => {
    log.push(`read ${after}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (failAfter !== undefined && after === failAfter)
      throw new Error(`read after ${after} failed`);
    log.push(`got ${after}`);
    return TABLE.filter((n) => n > (after ?? 0)).slice(0, 4);
  };
}
const lastOfFull = (page: readonly number[]) => (page.length < 4 ? null : (page.at(-1) as number));

describe("keysetPages", () => {
  it("reads every page in order, asking for the next before the caller has the current", async () => {
    const log: string[] = [];
    const pages: number[][] = [];
    for await (const page of keysetPages(reader(log), null, lastOfFull)) {
      log.push(`page ${page.join(",")}`);
      pages.push(page);
    }
    expect(pages).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [9, 10],
    ]);
    expect(log.indexOf("read 4")).toBeLessThan(log.indexOf("page 1,2,3,4"));
    expect(log.indexOf("read 8")).toBeLessThan(log.indexOf("page 5,6,7,8"));
    expect(log.filter((l) => l.startsWith("read"))).toHaveLength(3);
  });

  it("starts after the given position and stops on an empty page", async () => {
    const pages: number[][] = [];
    const full = (page: readonly number[]) => page.at(-1) as number;
    for await (const page of keysetPages(reader([]), 6, full)) pages.push(page);
    expect(pages).toEqual([[7, 8, 9, 10]]);
  });

  it("throws a failed read to the caller when it asks for that page", async () => {
    const seen: number[][] = [];
    const read = async () => {
      for await (const page of keysetPages(reader([], 4), null, lastOfFull)) seen.push(page);
    };
    await expect(read()).rejects.toThrow("read after 4 failed");
    expect(seen).toEqual([[1, 2, 3, 4]]);
  });

  it("lets a caller stop early without an unhandled failure of the read in flight", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      for await (const page of keysetPages(reader([], 4), null, lastOfFull)) {
        expect(page).toEqual([1, 2, 3, 4]);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });
});
