import { describe, expect, it } from "vitest";
import { formatPath, labelFor } from "./field-path.js";
import { initialValue } from "./initial-value.js";
import type { JsonSchema } from "./json-schema.js";
import { prune } from "./prune.js";
import { validate } from "./validate.js";

const strategy: JsonSchema = {
  oneOf: [
    {
      type: "object",
      properties: { type: { type: "string", const: "cursor" }, cursorColumn: { type: "string" } },
      required: ["type", "cursorColumn"],
    },
    {
      type: "object",
      properties: { type: { type: "string", const: "diff" } },
      required: ["type"],
    },
  ],
};

const schema: JsonSchema = {
  type: "object",
  properties: {
    name: { type: "string", minLength: 1 },
    mode: { type: "string", enum: ["a", "b"] },
    on: { type: "boolean" },
    size: { type: "integer", minimum: 1, maximum: 10 },
    block: {
      type: "object",
      properties: { secret: { type: "string", writeOnly: true } },
      required: ["secret"],
    },
    tables: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        properties: {
          table: { type: "string", pattern: "^[a-z_]+$" },
          strategy,
        },
        required: ["table", "strategy"],
      },
    },
  },
  required: ["name", "block", "tables"],
};

describe("the schema form's helpers", () => {
  it("formats paths as the server does", () => {
    expect(formatPath(["ingest", "tables", 0, "query"])).toBe("ingest.tables[0].query");
    expect(formatPath(["postgres", "connectionString"])).toBe("postgres.connectionString");
    expect(formatPath([])).toBe("");
    expect(labelFor("connectionString")).toBe("Connection string");
  });

  it("starts from required objects, minItems rows and the first oneOf alternative", () => {
    expect(initialValue(schema)).toEqual({
      block: {},
      tables: [{ strategy: { type: "cursor" } }],
    });
  });

  it("reports required, type, enum, bounds, pattern and the chosen alternative's fields", () => {
    const issues = validate(schema, {
      mode: "c",
      size: 11,
      block: {},
      tables: [{ table: "Bad-Name", strategy: { type: "cursor" } }],
    });
    expect(issues).toEqual([
      { path: "name", message: "Required" },
      { path: "mode", message: "Must be one of a, b" },
      { path: "size", message: "Must be at most 10" },
      { path: "block.secret", message: "Required" },
      { path: "tables[0].table", message: "Must match ^[a-z_]+$" },
      { path: "tables[0].strategy.cursorColumn", message: "Required" },
    ]);
    expect(validate(schema, { name: "x", size: 1.5, block: { secret: "s" }, tables: [] })).toEqual([
      { path: "size", message: "Must be a whole number" },
      { path: "tables", message: "Add at least 1" },
    ]);
    expect(validate({ type: "integer", minimum: 2 }, "abc")).toEqual([
      { path: "", message: "Must be a number" },
    ]);
  });

  it("accepts a valid value, picking the diff alternative by its const", () => {
    const value = {
      name: "x",
      on: true,
      block: { secret: "s" },
      tables: [{ table: "events", strategy: { type: "diff" } }],
    };
    expect(validate(schema, value)).toEqual([]);
  });

  it("drops unset fields and empty strings before sending", () => {
    expect(prune({ a: "", b: undefined, c: { d: "x", e: "" }, f: [1, "y"], g: false })).toEqual({
      c: { d: "x" },
      f: [1, "y"],
      g: false,
    });
  });
});
