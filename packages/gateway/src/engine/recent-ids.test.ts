import { describe, expect, it } from "vitest";
import { RecentIds } from "./recent-ids.js";

describe("RecentIds", () => {
  it("knows buffered ids and at least the last `cap` flushed ones", () => {
    const ids = new RecentIds(3);
    for (let i = 0; i < 10; i++) {
      ids.add(`d${i}`);
      expect(ids.has(`d${i}`)).toBe(true);
      ids.retire(`d${i}`);
    }
    for (let i = 7; i < 10; i++) expect(ids.has(`d${i}`)).toBe(true);
    // Never more than two generations: the oldest ids are forgotten.
    expect(ids.has("d0")).toBe(false);
    expect(ids.has("d2")).toBe(false);
  });

  it("retires only ids it buffered", () => {
    const ids = new RecentIds(2);
    ids.retire("never-added");
    expect(ids.has("never-added")).toBe(false);
  });
});
