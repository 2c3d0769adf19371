import { describe, expect, it } from "vitest";
import { renderTable } from "./table.js";

describe("renderTable", () => {
  it("pads columns to their widest cell, shows empty cells as -, keeps cells on one line", () => {
    const rows = [
      { name: "analytics-db", error: null },
      { name: "jira", error: "401 from\nJira" },
    ];
    expect(
      renderTable(rows, [
        { heading: "NAME", cell: (r) => r.name },
        { heading: "LAST ERROR", cell: (r) => r.error },
      ]),
    ).toBe(
      ["NAME          LAST ERROR", "analytics-db  -", "jira          401 from Jira"].join("\n"),
    );
  });
});
