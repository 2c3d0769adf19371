import { describe, expect, it } from "vitest";
import { compileSyncRules, rowMatchesRules } from "./evaluate.js";
import type { SyncRuleFilter, SyncRules } from "./types.js";

/** Rules with one bucket over table "t" holding the given filters. */
function one(...filters: SyncRuleFilter[]): SyncRules {
  return { buckets: [{ name: "b", tables: ["t"], filters }] };
}

function matches(filter: SyncRuleFilter, row: Record<string, unknown>, claims = {}): boolean {
  return rowMatchesRules("t", row, one(filter), claims);
}

describe("rules as a whole", () => {
  it("lets every row reach everyone when there are no rules", () => {
    expect(rowMatchesRules("anything", {}, null, {})).toBe(true);
    expect(rowMatchesRules("anything", {}, undefined, {})).toBe(true);
  });

  it("lets nothing through an explicit empty bucket list", () => {
    expect(rowMatchesRules("t", { a: 1 }, { buckets: [] }, { sub: "u1" })).toBe(false);
  });

  it("drops tables that no bucket lists", () => {
    const rules: SyncRules = { buckets: [{ name: "all", tables: ["t"] }] };
    expect(rowMatchesRules("t", {}, rules, {})).toBe(true);
    expect(rowMatchesRules("u", {}, rules, {})).toBe(false);
  });

  it("admits every row of a bucket without filters, omitted or empty", () => {
    const rules: SyncRules = {
      buckets: [
        { name: "omitted", tables: ["a"] },
        { name: "empty", tables: ["b"], filters: [] },
      ],
    };
    expect(rowMatchesRules("a", { x: null }, rules, {})).toBe(true);
    expect(rowMatchesRules("b", {}, rules, {})).toBe(true);
  });

  it("ANDs filters within a bucket", () => {
    const rules = one(
      { column: "team", op: "eq", value: "ENG" },
      { column: "status", op: "neq", value: "Done" },
    );
    expect(rowMatchesRules("t", { team: "ENG", status: "Open" }, rules, {})).toBe(true);
    expect(rowMatchesRules("t", { team: "ENG", status: "Done" }, rules, {})).toBe(false);
    expect(rowMatchesRules("t", { team: "OPS", status: "Open" }, rules, {})).toBe(false);
  });

  it("ORs the buckets that list a table, ignoring those that do not", () => {
    const rules: SyncRules = {
      buckets: [
        { name: "mine", tables: ["t"], filters: [{ column: "owner", op: "eq", value: "jwt:sub" }] },
        { name: "public", tables: ["t"], filters: [{ column: "public", op: "eq", value: true }] },
        { name: "other-table", tables: ["u"] },
      ],
    };
    const claims = { sub: "u1" };
    expect(rowMatchesRules("t", { owner: "u1", public: false }, rules, claims)).toBe(true);
    expect(rowMatchesRules("t", { owner: "u2", public: true }, rules, claims)).toBe(true);
    expect(rowMatchesRules("t", { owner: "u2", public: false }, rules, claims)).toBe(false);
  });

  it("compiles once for many rows", () => {
    const admits = compileSyncRules(one({ column: "n", op: "gte", value: "jwt:min" }), { min: 3 });
    expect([1, 3, 5].map((n) => admits("t", { n }))).toEqual([false, true, true]);
  });
});

describe("each op", () => {
  it("eq / neq", () => {
    expect(matches({ column: "s", op: "eq", value: "a" }, { s: "a" })).toBe(true);
    expect(matches({ column: "s", op: "eq", value: "a" }, { s: "b" })).toBe(false);
    expect(matches({ column: "s", op: "neq", value: "a" }, { s: "b" })).toBe(true);
    expect(matches({ column: "s", op: "neq", value: "a" }, { s: "a" })).toBe(false);
    expect(matches({ column: "f", op: "eq", value: false }, { f: false })).toBe(true);
    expect(matches({ column: "f", op: "eq", value: false }, { f: 0 })).toBe(false);
  });

  it("in / nin", () => {
    const list = ["a", "b"];
    expect(matches({ column: "s", op: "in", value: list }, { s: "b" })).toBe(true);
    expect(matches({ column: "s", op: "in", value: list }, { s: "c" })).toBe(false);
    expect(matches({ column: "s", op: "nin", value: list }, { s: "c" })).toBe(true);
    expect(matches({ column: "s", op: "nin", value: list }, { s: "a" })).toBe(false);
    expect(matches({ column: "s", op: "in", value: [] }, { s: "a" })).toBe(false);
    expect(matches({ column: "s", op: "nin", value: [] }, { s: "a" })).toBe(true);
  });

  it("gt / gte / lt / lte on numbers", () => {
    const row = { n: 5 };
    expect(matches({ column: "n", op: "gt", value: 4 }, row)).toBe(true);
    expect(matches({ column: "n", op: "gt", value: 5 }, row)).toBe(false);
    expect(matches({ column: "n", op: "gte", value: 5 }, row)).toBe(true);
    expect(matches({ column: "n", op: "gte", value: 6 }, row)).toBe(false);
    expect(matches({ column: "n", op: "lt", value: 6 }, row)).toBe(true);
    expect(matches({ column: "n", op: "lt", value: 5 }, row)).toBe(false);
    expect(matches({ column: "n", op: "lte", value: 5 }, row)).toBe(true);
    expect(matches({ column: "n", op: "lte", value: 4 }, row)).toBe(false);
  });

  it("compares a numeric string column with a number numerically", () => {
    expect(matches({ column: "amount", op: "gt", value: 9 }, { amount: "10.50" })).toBe(true);
    expect(matches({ column: "amount", op: "lt", value: 9 }, { amount: "10.50" })).toBe(false);
    expect(matches({ column: "amount", op: "eq", value: 5 }, { amount: "5" })).toBe(true);
    expect(matches({ column: "amount", op: "in", value: [1, 5] }, { amount: "5.0" })).toBe(true);
  });

  it("compares timestamps as times, ISO strings and Dates alike", () => {
    const since: SyncRuleFilter = { column: "updated", op: "gte", value: "2024-01-15T00:00:00Z" };
    expect(matches(since, { updated: "2024-01-15T01:00:00+01:00" })).toBe(true);
    expect(matches(since, { updated: "2024-01-15T00:30:00+01:00" })).toBe(false);
    expect(matches(since, { updated: new Date("2024-03-01T00:00:00Z") })).toBe(true);
    expect(matches(since, { updated: new Date("2023-03-01T00:00:00Z") })).toBe(false);
    expect(
      matches(
        { column: "updated", op: "lt", value: "2024-01-15" },
        { updated: "2024-01-14T23:59:59.999Z" },
      ),
    ).toBe(true);
  });

  it("compares other strings lexicographically", () => {
    expect(matches({ column: "s", op: "gt", value: "m" }, { s: "n" })).toBe(true);
    expect(matches({ column: "s", op: "gt", value: "m" }, { s: "Z" })).toBe(false);
    expect(matches({ column: "s", op: "lte", value: "10" }, { s: "9" })).toBe(false);
  });

  it("fails order ops between kinds that do not compare", () => {
    expect(matches({ column: "b", op: "gte", value: 0 }, { b: true })).toBe(false);
    expect(matches({ column: "s", op: "lt", value: 100 }, { s: "abc" })).toBe(false);
    expect(matches({ column: "j", op: "gt", value: "a" }, { j: { x: 1 } })).toBe(false);
  });
});

describe("null and absent columns", () => {
  const ops: SyncRuleFilter[] = [
    { column: "c", op: "eq", value: "x" },
    { column: "c", op: "in", value: ["x"] },
    { column: "c", op: "gt", value: 0 },
    { column: "c", op: "gte", value: 0 },
    { column: "c", op: "lt", value: 0 },
    { column: "c", op: "lte", value: "z" },
  ];

  it("fail eq, in and every order op", () => {
    for (const filter of ops) {
      expect(matches(filter, { c: null }), filter.op).toBe(false);
      expect(matches(filter, {}), filter.op).toBe(false);
    }
  });

  it("pass neq and nin against a non-null value", () => {
    expect(matches({ column: "c", op: "neq", value: "x" }, { c: null })).toBe(true);
    expect(matches({ column: "c", op: "nin", value: ["x"] }, {})).toBe(true);
  });

  it("equal null, and only null", () => {
    expect(matches({ column: "c", op: "eq", value: null }, { c: null })).toBe(true);
    expect(matches({ column: "c", op: "eq", value: null }, {})).toBe(true);
    expect(matches({ column: "c", op: "eq", value: null }, { c: 0 })).toBe(false);
    expect(matches({ column: "c", op: "neq", value: null }, { c: null })).toBe(false);
    expect(matches({ column: "c", op: "neq", value: null }, { c: "" })).toBe(true);
    expect(matches({ column: "c", op: "nin", value: [null, "x"] }, { c: null })).toBe(false);
  });

  it("read only the row's own columns, not its prototype", () => {
    expect(matches({ column: "toString", op: "neq", value: "x" }, {})).toBe(true);
    expect(matches({ column: "constructor", op: "eq", value: null }, {})).toBe(true);
  });
});

describe("jwt claims", () => {
  it("substitutes sub", () => {
    const mine: SyncRuleFilter = { column: "owner_id", op: "eq", value: "jwt:sub" };
    expect(matches(mine, { owner_id: "u1" }, { sub: "u1" })).toBe(true);
    expect(matches(mine, { owner_id: "u2" }, { sub: "u1" })).toBe(false);
  });

  it("substitutes a numeric claim, for order ops too", () => {
    const level: SyncRuleFilter = { column: "clearance", op: "lte", value: "jwt:level" };
    expect(matches(level, { clearance: 2 }, { level: 3 })).toBe(true);
    expect(matches(level, { clearance: 4 }, { level: 3 })).toBe(false);
    expect(matches(level, { clearance: "2" }, { level: 3 })).toBe(true);
    expect(
      matches({ column: "org", op: "eq", value: "jwt:org_id" }, { org: "42" }, { org_id: 42 }),
    ).toBe(true);
  });

  it("uses an array claim with in and nin", () => {
    const claims = { teams: ["ENG", "OPS"] };
    const inTeams: SyncRuleFilter = { column: "team", op: "in", value: "jwt:teams" };
    const notInTeams: SyncRuleFilter = { column: "team", op: "nin", value: "jwt:teams" };
    expect(matches(inTeams, { team: "OPS" }, claims)).toBe(true);
    expect(matches(inTeams, { team: "HR" }, claims)).toBe(false);
    expect(matches(notInTeams, { team: "HR" }, claims)).toBe(true);
    expect(matches(notInTeams, { team: "ENG" }, claims)).toBe(false);
  });

  it("reads eq and neq against an array claim as membership", () => {
    const claims = { teams: ["ENG", "OPS"] };
    expect(matches({ column: "team", op: "eq", value: "jwt:teams" }, { team: "ENG" }, claims)).toBe(
      true,
    );
    expect(matches({ column: "team", op: "eq", value: "jwt:teams" }, { team: "HR" }, claims)).toBe(
      false,
    );
    expect(matches({ column: "team", op: "neq", value: "jwt:teams" }, { team: "HR" }, claims)).toBe(
      true,
    );
  });

  it("resolves references inside a list, splicing array claims", () => {
    const filter: SyncRuleFilter = { column: "team", op: "in", value: ["public", "jwt:teams"] };
    const claims = { teams: ["ENG"] };
    expect(matches(filter, { team: "public" }, claims)).toBe(true);
    expect(matches(filter, { team: "ENG" }, claims)).toBe(true);
    expect(matches(filter, { team: "OPS" }, claims)).toBe(false);
  });

  it("fails an order op against an array claim", () => {
    expect(matches({ column: "n", op: "gt", value: "jwt:ns" }, { n: 9 }, { ns: [1, 2] })).toBe(
      false,
    );
  });

  it("makes a filter false when its claim is missing or null, whatever the op", () => {
    const row = { team: "ENG" };
    const filters: SyncRuleFilter[] = [
      { column: "team", op: "eq", value: "jwt:team" },
      { column: "team", op: "neq", value: "jwt:team" },
      { column: "team", op: "in", value: "jwt:team" },
      { column: "team", op: "nin", value: "jwt:team" },
      { column: "team", op: "nin", value: ["OPS", "jwt:team"] },
      { column: "team", op: "gt", value: "jwt:team" },
    ];
    for (const filter of filters) {
      expect(matches(filter, row, {}), `${filter.op} absent`).toBe(false);
      expect(matches(filter, row, { team: null }), `${filter.op} null`).toBe(false);
    }
    // A missing claim never matches a null column either.
    expect(matches({ column: "team", op: "eq", value: "jwt:team" }, {}, {})).toBe(false);
  });

  it("reads only the claims' own top-level names", () => {
    const row = { x: "function" };
    expect(matches({ column: "x", op: "neq", value: "jwt:toString" }, row, {})).toBe(false);
    expect(matches({ column: "x", op: "neq", value: "jwt:constructor" }, row, {})).toBe(false);
    expect(
      matches({ column: "x", op: "eq", value: "jwt:org.id" }, { x: "1" }, { org: { id: "1" } }),
    ).toBe(false);
    expect(matches({ column: "x", op: "eq", value: "jwt:" }, { x: "a" }, { "": "a" })).toBe(false);
  });

  it("treats a string that does not start with jwt: as a literal", () => {
    expect(
      matches({ column: "x", op: "eq", value: "JWT:sub" }, { x: "JWT:sub" }, { sub: "u" }),
    ).toBe(true);
  });
});
