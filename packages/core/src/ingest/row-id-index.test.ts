import { describe, expect, it } from "vitest";
import { RowIdIndex, RowIdKey } from "./row-id-index.js";

const key = (text: string) => new RowIdKey().set(text);

/** A small deterministic PRNG (mulberry32), so failures replay. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("RowIdKey", () => {
  it("encodes ASCII and non-ASCII ids as UTF-8", () => {
    expect(Array.from(key("ab").bytes.subarray(0, key("ab").length))).toEqual([97, 98]);
    const k = key("é€😀");
    expect(Array.from(k.bytes.subarray(0, k.length))).toEqual(
      Array.from(new TextEncoder().encode("é€😀")),
    );
    const long = key("x".repeat(500));
    expect(long.length).toBe(500);
  });
});

describe("RowIdIndex", () => {
  it("finds what was inserted and nothing else", () => {
    const index = new RowIdIndex();
    const a = index.insert(key("a"));
    const b = index.insert(key("b"));
    expect([a, b]).toEqual([0, 1]);
    expect(index.find(key("a"))).toBe(0);
    expect(index.find(key("b"))).toBe(1);
    expect(index.find(key("c"))).toBe(-1);
    expect(index.find(key(""))).toBe(-1);
    expect(index.size).toBe(2);
    expect(index.rowIdAt(1)).toBe("b");
  });

  it("keeps ids of any length and alphabet", () => {
    const index = new RowIdIndex();
    const ids = [
      "",
      "é",
      "ENG-42:10001",
      "😀".repeat(40),
      "y".repeat(127),
      "z".repeat(128),
      "w".repeat(70_000),
    ];
    const slots = ids.map((id) => index.insert(key(id)));
    ids.forEach((id, i) => {
      expect(index.find(key(id))).toBe(slots[i]);
      expect(index.rowIdAt(slots[i] ?? -1)).toBe(id);
      expect(new TextDecoder().decode(index.rowIdBytesAt(slots[i] ?? -1))).toBe(id);
    });
  });

  it("removes ids, reuses their slots and stays consistent under churn", () => {
    const random = prng(42);
    const index = new RowIdIndex();
    const model = new Map<string, number>();
    for (let step = 0; step < 60_000; step++) {
      const id = `row-${Math.floor(random() * 5000)}`;
      const slot = index.find(key(id));
      expect(slot).toBe(model.get(id) ?? -1);
      if (slot >= 0 && random() < 0.6) {
        index.remove(slot);
        model.delete(id);
      } else if (slot < 0) {
        const added = index.insert(key(id));
        expect(index.isLive(added)).toBe(true);
        model.set(id, added);
      }
    }
    expect(index.size).toBe(model.size);
    for (const [id, slot] of model) {
      expect(index.find(key(id))).toBe(slot);
      expect(index.rowIdAt(slot)).toBe(id);
    }
    // Slots are reused: the high-water mark stays near the peak number of live ids.
    expect(index.slotCount).toBeLessThanOrEqual(5000);
  });

  it("reports free slots as such", () => {
    const index = new RowIdIndex();
    const slot = index.insert(key("a"));
    index.remove(slot);
    index.remove(slot); // twice is harmless
    expect(index.isLive(slot)).toBe(false);
    expect(index.isLive(-1)).toBe(false);
    expect(index.isLive(99)).toBe(false);
    expect(() => index.rowIdAt(slot)).toThrow(RangeError);
    expect(index.find(key("a"))).toBe(-1);
    expect(index.insert(key("b"))).toBe(slot);
  });

  it("costs well under 40 bytes per short id", () => {
    const index = new RowIdIndex();
    const k = new RowIdKey();
    for (let i = 0; i < 100_000; i++) index.insert(k.set(String(1_000_000 + i)));
    expect(index.byteLength / index.size).toBeLessThan(40);
  });
});
