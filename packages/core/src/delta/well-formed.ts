/**
 * `value` with each lone UTF-16 surrogate in its text (strings, array items, object keys and
 * values, at any depth) replaced by U+FFFD, as a UTF-8 decoder does; the same value when it
 * has none (nothing is copied then). JSON from an API may escape one (`"\ud800"`), and no
 * store can hold it: the gateway refuses such a delta, so a poller repairs its input first.
 * @example toWellFormed({ title: "a\ud800b" }) // { title: "a\ufffdb" }
 */
export function toWellFormed<T>(value: T): T {
  return repair(value) as T;
}

function repair(value: unknown): unknown {
  if (typeof value === "string") return wellFormed(value) ? value : fixText(value);
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const item = repair(value[i]);
      if (item !== value[i]) {
        out ??= value.slice();
        out[i] = item;
      }
    }
    return out ?? value;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  let out: Record<string, unknown> | null = null;
  for (const [key, item] of Object.entries(value)) {
    const fixedKey = wellFormed(key) ? key : fixText(key);
    const fixedItem = repair(item);
    if (fixedKey !== key || fixedItem !== item) {
      out ??= { ...(value as Record<string, unknown>) };
      if (fixedKey !== key) delete out[key];
      out[fixedKey] = fixedItem;
    }
  }
  return out ?? value;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** The runtime's `String.prototype.isWellFormed`, looked up once: this runs for every string a push holds. */
const nativeWellFormed = (String.prototype as { isWellFormed?: (this: string) => boolean })
  .isWellFormed;

/** Whether a string holds no lone surrogate (`isWellFormed` where the runtime has it). */
export function wellFormed(value: string): boolean {
  if (nativeWellFormed) return nativeWellFormed.call(value);
  LONE_SURROGATE.lastIndex = 0;
  return !LONE_SURROGATE.test(value);
}

function fixText(value: string): string {
  return value.replace(LONE_SURROGATE, "\uFFFD");
}
