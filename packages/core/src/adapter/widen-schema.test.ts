import { describe, expect, it } from "vitest";
import { widenSchema } from "./widen-schema.js";

describe("widenSchema", () => {
  it("keeps the registered columns and appends the new ones", () => {
    const previous = { table: "t", columns: [{ name: "a", type: "string" as const }] };
    expect(
      widenSchema(previous, {
        table: "t",
        columns: [
          { name: "b", type: "number" },
          { name: "a", type: "string" },
        ],
      }),
    ).toEqual({
      schema: {
        table: "t",
        columns: [
          { name: "a", type: "string" },
          { name: "b", type: "number" },
        ],
      },
      added: ["b"],
    });
    expect(widenSchema(previous, { table: "t", columns: [] })).toEqual({
      schema: previous,
      added: [],
    });
    expect(widenSchema(undefined, previous)).toEqual({ schema: previous, added: ["a"] });
  });

  it("reports a column whose type changed", () => {
    const result = widenSchema(
      { table: "t", columns: [{ name: "a", type: "string" }] },
      { table: "t", columns: [{ name: "a", type: "json" }] },
    );
    expect(result).toEqual({
      conflict: 'Column "a" of table "t" is already registered as string, not json',
    });
  });
});
