import { describe, expect, it } from "vitest";
import {
  chunks,
  insertStatements,
  MAX_BIND_PARAMS,
  MAX_ROWS_PER_STATEMENT,
} from "./batched-insert.js";

describe("insertStatements", () => {
  it("repeats the row's placeholders and appends the tail", () => {
    expect(
      insertStatements(
        "INSERT INTO t (a, b)",
        ["?", "CAST(? AS SIGNED)"],
        [
          ["x", "1"],
          ["y", null],
        ],
        "ON DUPLICATE KEY UPDATE a = VALUES(a)",
      ),
    ).toEqual([
      {
        text: "INSERT INTO t (a, b) VALUES (?,CAST(? AS SIGNED)),(?,CAST(? AS SIGNED)) ON DUPLICATE KEY UPDATE a = VALUES(a)",
        params: ["x", "1", "y", null],
      },
    ]);
  });

  it("never binds more than 65,535 parameters in one statement", () => {
    const width = 200;
    const rows = Array.from({ length: 1000 }, (_, i) => Array.from({ length: width }, () => i));
    const statements = insertStatements("INSERT INTO wide", Array(width).fill("?"), rows);
    expect(statements.every((s) => s.params.length <= MAX_BIND_PARAMS)).toBe(true);
    expect(statements[0]?.params.length).toBe(Math.floor(MAX_BIND_PARAMS / width) * width);
    expect(statements.reduce((n, s) => n + s.params.length, 0)).toBe(1000 * width);
    for (const s of statements) {
      expect(s.text.split("?").length - 1).toBe(s.params.length);
    }
  });

  it("caps rows per statement and rejects rows of the wrong width", () => {
    const rows = Array.from({ length: 2500 }, (_, i) => [i]);
    expect(insertStatements("INSERT INTO t", ["?"], rows).map((s) => s.params.length)).toEqual([
      MAX_ROWS_PER_STATEMENT,
      MAX_ROWS_PER_STATEMENT,
      500,
    ]);
    expect(insertStatements("INSERT INTO t", ["?"], [])).toEqual([]);
    expect(() => insertStatements("INSERT INTO t", ["?", "?"], [["only one"]])).toThrow(RangeError);
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });
});
