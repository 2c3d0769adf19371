import { describe, expect, it } from "vitest";
import { z } from "zod";
import { syncRulesZod } from "./schema.js";
import { validateSyncRules } from "./validate.js";

function issuesOf(input: unknown) {
  const result = validateSyncRules(input);
  if (result.ok) throw new Error(`expected invalid: ${JSON.stringify(input)}`);
  expect(result.error.code).toBe("INVALID_SYNC_RULES");
  return result.error.issues;
}

function bucket(filters: unknown[]) {
  return { buckets: [{ name: "b", tables: ["t"], filters }] };
}

describe("validateSyncRules: accepted input", () => {
  it("accepts every op with a value of its kind", () => {
    const result = validateSyncRules(
      bucket([
        { column: "a", op: "eq", value: "x" },
        { column: "a", op: "eq", value: 1 },
        { column: "a", op: "eq", value: true },
        { column: "a", op: "eq", value: null },
        { column: "a", op: "neq", value: "jwt:sub" },
        { column: "a", op: "in", value: ["x", 1, false, null] },
        { column: "a", op: "in", value: [] },
        { column: "a", op: "nin", value: "jwt:teams" },
        { column: "a", op: "gt", value: 3 },
        { column: "a", op: "gte", value: "2024-01-01T00:00:00Z" },
        { column: "a", op: "lt", value: "m" },
        { column: "a", op: "lte", value: "jwt:level" },
      ]),
    );
    expect(result.ok).toBe(true);
  });

  it("defaults omitted filters to none and keeps an explicit version", () => {
    const result = validateSyncRules({ version: 2, buckets: [{ name: "all", tables: ["t"] }] });
    expect(result).toEqual({
      ok: true,
      value: { version: 2, buckets: [{ name: "all", tables: ["t"], filters: [] }] },
    });
  });

  it("accepts no buckets at all", () => {
    expect(validateSyncRules({ buckets: [] })).toEqual({ ok: true, value: { buckets: [] } });
  });

  it("yields a JSON Schema for OpenAPI", () => {
    const schema = z.toJSONSchema(syncRulesZod, { target: "draft-7", io: "input" });
    expect(schema).toMatchObject({ type: "object", required: ["buckets"] });
    expect(JSON.stringify(schema)).toContain('"enum":["in","nin"]');
  });
});

describe("validateSyncRules: rejected input names the field", () => {
  it("rejects an unknown op", () => {
    const issues = issuesOf(
      bucket([
        { column: "a", op: "eq", value: 1 },
        { column: "a", op: "like", value: "x%" },
      ]),
    );
    expect(issues).toEqual([
      {
        path: "buckets[0].filters[1].op",
        message: "buckets[0].filters[1].op: must be one of eq, neq, in, nin, gt, gte, lt, lte",
      },
    ]);
  });

  it("rejects a missing op", () => {
    expect(issuesOf(bucket([{ column: "a", value: 1 }]))[0]?.path).toBe("buckets[0].filters[0].op");
  });

  it("rejects missing tables, empty tables and empty table names", () => {
    expect(issuesOf({ buckets: [{ name: "b" }] })).toEqual([
      { path: "buckets[0].tables", message: "buckets[0].tables is required" },
    ]);
    expect(issuesOf({ buckets: [{ name: "b", tables: [] }] })[0]?.path).toBe("buckets[0].tables");
    expect(issuesOf({ buckets: [{ name: "b", tables: ["ok", ""] }] })[0]?.path).toBe(
      "buckets[0].tables[1]",
    );
    expect(issuesOf({ buckets: [{ name: "b", tables: "t" }] })).toEqual([
      { path: "buckets[0].tables", message: "buckets[0].tables must be an array" },
    ]);
  });

  it("rejects duplicate bucket names at the second one", () => {
    const issues = issuesOf({
      buckets: [
        { name: "mine", tables: ["a"] },
        { name: "other", tables: ["a"] },
        { name: "mine", tables: ["b"] },
      ],
    });
    expect(issues).toEqual([
      { path: "buckets[2].name", message: 'buckets[2].name: duplicate bucket name "mine"' },
    ]);
  });

  it("rejects an empty or missing bucket name", () => {
    expect(issuesOf({ buckets: [{ name: "", tables: ["t"] }] })[0]?.path).toBe("buckets[0].name");
    expect(issuesOf({ buckets: [{ tables: ["t"] }] })).toEqual([
      { path: "buckets[0].name", message: "buckets[0].name is required" },
    ]);
  });

  it("rejects `in` and `nin` with a scalar", () => {
    for (const op of ["in", "nin"]) {
      const issues = issuesOf(bucket([{ column: "a", op, value: "ENG" }]));
      expect(issues).toEqual([
        {
          path: "buckets[0].filters[0].value",
          message:
            'buckets[0].filters[0].value: must be an array or a "jwt:<claim>" reference (use "eq" for a single value)',
        },
      ]);
    }
    expect(issuesOf(bucket([{ column: "a", op: "in", value: 3 }]))).toEqual([
      {
        path: "buckets[0].filters[0].value",
        message:
          'buckets[0].filters[0].value: must be an array of strings, numbers, booleans or nulls, or a "jwt:<claim>" reference',
      },
    ]);
  });

  it("rejects `in` with an object in its list", () => {
    expect(issuesOf(bucket([{ column: "a", op: "in", value: ["x", { y: 1 }] }]))[0]?.path).toBe(
      "buckets[0].filters[0].value",
    );
  });

  it("rejects order ops with a boolean, null or a list", () => {
    for (const value of [true, null, [1, 2]]) {
      const issues = issuesOf(bucket([{ column: "a", op: "gt", value }]));
      expect(issues[0]?.path).toBe("buckets[0].filters[0].value");
      expect(issues[0]?.message).toMatch(/must be a number, a string/);
    }
  });

  it("rejects `eq` with a list or an object, pointing at `in`", () => {
    for (const value of [["a"], { a: 1 }]) {
      const issues = issuesOf(bucket([{ column: "a", op: "eq", value }]));
      expect(issues[0]?.path).toBe("buckets[0].filters[0].value");
      expect(issues[0]?.message).toContain('use "in" for a list');
    }
  });

  it("rejects a missing value, a bad column and a `jwt:` reference without a claim", () => {
    expect(issuesOf(bucket([{ column: "a", op: "eq" }]))[0]?.message).toMatch(
      /^buckets\[0\]\.filters\[0\]\.value/,
    );
    expect(issuesOf(bucket([{ column: "", op: "eq", value: 1 }]))[0]?.path).toBe(
      "buckets[0].filters[0].column",
    );
    expect(issuesOf(bucket([{ column: 7, op: "eq", value: 1 }]))).toEqual([
      {
        path: "buckets[0].filters[0].column",
        message: "buckets[0].filters[0].column must be a string",
      },
    ]);
    expect(issuesOf(bucket([{ column: "a", op: "eq", value: "jwt:" }]))[0]?.path).toBe(
      "buckets[0].filters[0].value",
    );
  });

  it("rejects non-finite numbers", () => {
    expect(
      issuesOf(bucket([{ column: "a", op: "gt", value: Number.POSITIVE_INFINITY }]))[0]?.path,
    ).toBe("buckets[0].filters[0].value");
  });

  it("rejects unknown fields at every level", () => {
    expect(issuesOf({ buckets: [], extra: 1 })).toEqual([
      { path: "extra", message: "extra is not a known field" },
    ]);
    expect(issuesOf({ buckets: [{ name: "b", tables: ["t"], where: "x" }] })[0]?.path).toBe(
      "buckets[0].where",
    );
    expect(issuesOf(bucket([{ column: "a", op: "eq", value: 1, negate: true }]))[0]?.path).toBe(
      "buckets[0].filters[0].negate",
    );
  });

  it("rejects a body that is not an object, or lacks buckets, or has a bad version", () => {
    expect(issuesOf("rules")[0]?.message).toBe("body must be an object");
    expect(issuesOf({})).toEqual([{ path: "buckets", message: "buckets is required" }]);
    expect(issuesOf({ version: "1", buckets: [] })[0]?.path).toBe("version");
    expect(issuesOf({ version: 0, buckets: [] })[0]?.path).toBe("version");
    expect(issuesOf({ buckets: [{ name: "b", tables: ["t"], filters: null }] })[0]?.path).toBe(
      "buckets[0].filters",
    );
  });

  it("reports every problem at once", () => {
    const issues = issuesOf({
      buckets: [
        { name: "a", tables: [] },
        { name: "b", tables: ["t"], filters: [{ column: "c", op: "in", value: 1 }] },
      ],
    });
    expect(issues.map((i) => i.path)).toEqual(["buckets[0].tables", "buckets[1].filters[0].value"]);
  });
});
