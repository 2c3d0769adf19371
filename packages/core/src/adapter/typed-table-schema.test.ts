import { describe, expect, it } from "vitest";
import {
  isValidIdentifier,
  MAX_IDENTIFIER_LENGTH,
  typedTableSchemaProblem,
} from "./typed-table-schema.js";

describe("isValidIdentifier", () => {
  it("accepts letters, digits and _ up to 63 characters", () => {
    expect(isValidIdentifier("Todos_2")).toBe(true);
    expect(isValidIdentifier("x".repeat(MAX_IDENTIFIER_LENGTH))).toBe(true);
    expect(isValidIdentifier("x".repeat(MAX_IDENTIFIER_LENGTH + 1))).toBe(false);
    expect(isValidIdentifier("2x")).toBe(false);
    expect(isValidIdentifier('a"b')).toBe(false);
    expect(isValidIdentifier("")).toBe(false);
  });
});

describe("typedTableSchemaProblem", () => {
  const columns = [{ name: "title", type: "string" as const }];

  it("accepts a valid schema", () => {
    expect(typedTableSchemaProblem({ table: "todos", columns })).toBeNull();
  });

  it("says why a schema cannot get a typed table", () => {
    expect(typedTableSchemaProblem({ table: "todos", columns: [] })).toMatch(
      /^Invalid table schema: /,
    );
    expect(typedTableSchemaProblem({ table: "LakeSync_x", columns })).toBe(
      'Table names starting with "lakesync_" are reserved for LakeSync',
    );
    expect(
      typedTableSchemaProblem({ table: "todos", columns: [{ name: "row_id", type: "string" }] }),
    ).toBe('Column name "row_id" is reserved (typed tables key rows by gateway_id and row_id)');
  });

  it("asks the store about each name, table first", () => {
    const asked: string[] = [];
    const problem = typedTableSchemaProblem({ table: "todos", columns }, (name) => {
      asked.push(name);
      return name === "title" ? `no ${name}` : null;
    });
    expect(asked).toEqual(["todos", "title"]);
    expect(problem).toBe("no title");
  });
});
