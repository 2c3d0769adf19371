import { describe, expect, it } from "vitest";
import { Err, Ok, unwrap } from "./index.js";

describe("Result", () => {
  it("carries a value or an error", () => {
    expect(Ok(1)).toEqual({ ok: true, value: 1 });
    expect(Err("x")).toEqual({ ok: false, error: "x" });
  });

  it("unwrap returns the value or throws the error", () => {
    expect(unwrap(Ok(5))).toBe(5);
    const error = new Error("boom");
    expect(() => unwrap(Err(error))).toThrow(error);
    expect(() => unwrap(Err("plain"))).toThrow("plain");
  });
});
