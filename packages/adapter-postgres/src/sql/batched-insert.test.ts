import { describe, expect, it } from "vitest";
import { insertStatements, MAX_BIND_PARAMS, MAX_ROWS_PER_STATEMENT } from "./batched-insert.js";

describe("insertStatements", () => {
  it("numbers placeholders with their casts and appends the tail", () => {
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
      text: "insert into t (a, b) values ($1::text,$2::text::int8),($3::text,$4::text::int8) on conflict do nothing",
      params: ["x", "1", "y", null],
    });
  });

  it("never binds more than 65,535 parameters in one statement", () => {
    const width = 200;
    const rows = Array.from({ length: 1000 }, (_, i) => Array.from({ length: width }, () => i));
    const statements = insertStatements("insert into wide", Array(width).fill("::text"), rows);
    expect(statements.every((s) => s.params.length <= MAX_BIND_PARAMS)).toBe(true);
    expect(statements[0]?.params.length).toBe(Math.floor(MAX_BIND_PARAMS / width) * width);
    expect(statements.reduce((n, s) => n + s.params.length, 0)).toBe(1000 * width);
    expect(statements.at(-1)?.text).toMatch(/\$\d+::text\)$/);
  });

  it("caps rows per statement, and honours a lower parameter limit", () => {
    const rows = Array.from({ length: 2500 }, (_, i) => [i]);
    expect(insertStatements("insert into t", ["::text"], rows).map((s) => s.params.length)).toEqual(
      [MAX_ROWS_PER_STATEMENT, MAX_ROWS_PER_STATEMENT, 500],
    );
    const small = insertStatements(
      "insert into t",
      ["::text", "::text"],
      rows.slice(0, 5).map((r) => [r[0], r[0]]),
      "",
      4,
    );
    expect(small.map((s) => s.params.length)).toEqual([4, 4, 2]);
    expect(insertStatements("insert into t", ["::text"], [])).toEqual([]);
  });

  it("rejects rows of the wrong width", () => {
    expect(() => insertStatements("insert into t", ["::text", "::text"], [["only one"]])).toThrow(
      RangeError,
    );
  });
});
