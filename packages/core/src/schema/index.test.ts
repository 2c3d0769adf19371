import { describe, expect, it } from "vitest";
import { validateTableSchema } from "./index.js";

describe("validateTableSchema", () => {
  it("accepts the spec's schema example", () => {
    const r = validateTableSchema({
      table: "jira_issues",
      columns: [
        { name: "key", type: "string" },
        { name: "summary", type: "string" },
        { name: "status", type: "string" },
      ],
    });
    expect(r.ok).toBe(true);
  });

  it("names every bad field", () => {
    const r = validateTableSchema({
      table: "bad name",
      columns: [{ name: "a", type: "text" }, { name: "a", type: "string" }, { type: "number" }],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe("INVALID_SCHEMA");
    const paths = r.error.issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["table", "columns[0].type", "columns[2].name"]));
    expect(r.error.message).toContain("columns[2].name is required");
  });

  it("rejects duplicate columns, empty column lists and unknown fields", () => {
    const dup = validateTableSchema({
      table: "t",
      columns: [
        { name: "a", type: "string" },
        { name: "a", type: "number" },
      ],
    });
    expect(!dup.ok && dup.error.issues[0]?.path).toBe("columns[1].name");
    expect(validateTableSchema({ table: "t", columns: [] }).ok).toBe(false);
    const extra = validateTableSchema({
      table: "t",
      columns: [{ name: "a", type: "string" }],
      x: 1,
    });
    expect(!extra.ok && extra.error.message).toBe("x is not a known field");
    expect(validateTableSchema("nope").ok).toBe(false);
  });
});
