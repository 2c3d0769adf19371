import { describe, expect, it } from "vitest";
import { insertStatements, MAX_ROWS_PER_STATEMENT } from "./batched-insert.js";

describe("insertStatements", () => {
  it("binds a statement's rows as one JSON parameter, cast per column, and appends the tail", () => {
    const [statement, ...rest] = insertStatements(
      "insert into t (a, b)",
      ["::text", "::text::int8"],
      [
        ["x", "1"],
        ["y", null],
      ],
      "on conflict do nothing",
    );
    expect(rest).toEqual([]);
    expect(statement).toEqual({
      text: "insert into t (a, b) select (r->>0)::text, (r->>1)::text::int8 from jsonb_array_elements($1::text::jsonb) as r on conflict do nothing",
      params: ['[["x","1"],["y",null]]'],
    });
  });

  it("caps rows per statement; every statement has the same text", () => {
    const rows = Array.from({ length: 2500 }, (_, i) => [String(i)]);
    const statements = insertStatements("insert into t (a)", ["::text"], rows);
    expect(statements.map((s) => JSON.parse(s.params[0] as string).length)).toEqual([
      MAX_ROWS_PER_STATEMENT,
      MAX_ROWS_PER_STATEMENT,
      500,
    ]);
    expect(new Set(statements.map((s) => s.text)).size).toBe(1);
    expect(statements.flatMap((s) => JSON.parse(s.params[0] as string))).toEqual(rows);
    expect(insertStatements("insert into t (a)", ["::text"], rows.slice(0, 5), "", 2)).toHaveLength(
      3,
    );
    expect(insertStatements("insert into t", ["::text"], [])).toEqual([]);
  });

  it("rejects rows of the wrong width", () => {
    expect(() => insertStatements("insert into t", ["::text", "::text"], [["only one"]])).toThrow(
      RangeError,
    );
  });
});
