import { describe, expect, it } from "vitest";
import { buildSearchJql, DEFAULT_JQL, formatJqlDate } from "./jql.js";
import { parseJqlDate } from "./testing/jql-eval.js";

describe("buildSearchJql", () => {
  it("bounds an omitted JQL so search/jql accepts it", () => {
    expect(buildSearchJql(undefined, null)).toBe(`${DEFAULT_JQL} ORDER BY updated ASC`);
    expect(buildSearchJql("  ", "2024-01-01 00:00")).toBe(
      'updated >= "2024-01-01 00:00" ORDER BY updated ASC',
    );
  });

  it("parenthesises the user's JQL and replaces its ORDER BY", () => {
    expect(
      buildSearchJql("project = A OR project = B order by created DESC", "2024-05-01 09:59"),
    ).toBe('(project = A OR project = B) AND updated >= "2024-05-01 09:59" ORDER BY updated ASC');
  });

  it("keeps ORDER BY inside a quoted value", () => {
    expect(buildSearchJql('summary ~ "order by" AND project = A', null)).toBe(
      '(summary ~ "order by" AND project = A) ORDER BY updated ASC',
    );
  });
});

describe("formatJqlDate", () => {
  const at = Date.parse("2024-01-15T15:30:59.999Z");

  it("formats to the minute in UTC", () => {
    expect(formatJqlDate(at, "UTC")).toBe("2024-01-15 15:30");
  });

  it("formats in the user's time zone, daylight saving included", () => {
    expect(formatJqlDate(at, "America/New_York")).toBe("2024-01-15 10:30");
    expect(formatJqlDate(Date.parse("2024-07-15T15:30:00Z"), "America/New_York")).toBe(
      "2024-07-15 11:30",
    );
    expect(formatJqlDate(Date.parse("2024-01-15T23:45:00Z"), "Asia/Kolkata")).toBe(
      "2024-01-16 05:15",
    );
    expect(formatJqlDate(Date.parse("2024-01-15T00:10:00Z"), "Europe/Berlin")).toBe(
      "2024-01-15 01:10",
    );
  });

  it("uses 00 for midnight, never 24", () => {
    expect(formatJqlDate(Date.parse("2024-01-15T05:00:00Z"), "America/New_York")).toBe(
      "2024-01-15 00:00",
    );
  });

  it("falls back to UTC for an unknown zone", () => {
    expect(formatJqlDate(at, "Not/AZone")).toBe("2024-01-15 15:30");
  });

  it("round-trips through the fake's reading of JQL dates", () => {
    const text = formatJqlDate(at, "America/New_York");
    expect(parseJqlDate(text, "America/New_York")).toBe(Date.parse("2024-01-15T15:30:00Z"));
  });
});
