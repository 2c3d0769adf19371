import { describe, expect, it } from "vitest";
import { endsWithin } from "./ends-within.js";

describe("endsWithin", () => {
  it("tells a promise that settles in time, rejected or not, from one that does not", async () => {
    expect(await endsWithin(Promise.resolve(1), 1000)).toBe("ended");
    expect(await endsWithin(Promise.reject(new Error("x")), 1000)).toBe("ended");
    expect(await endsWithin(new Promise(() => {}), 20)).toBe("still running");
    expect(await endsWithin(undefined, 20)).toBe("ended");
  });
});
