import { describe, expect, it } from "vitest";
import type { TableSchema } from "../schema/index.js";
import { decodeSchemaColumns, encodeSchemaColumns } from "./schema-codec.js";

describe("encodeSchemaColumns and decodeSchemaColumns", () => {
  it("store a schema's columns (name and type only) and read them back", () => {
    const schema: TableSchema = {
      table: "todos",
      columns: [
        { name: "title", type: "string" },
        { name: "due", type: "timestamp" },
      ],
    };
    const extra = { ...schema, columns: [{ ...schema.columns[0], extra: 1 }, schema.columns[1]] };
    const text = encodeSchemaColumns(extra as TableSchema);
    expect(text).toBe('[{"name":"title","type":"string"},{"name":"due","type":"timestamp"}]');
    expect(decodeSchemaColumns("todos", text)).toEqual(schema);
  });
});
