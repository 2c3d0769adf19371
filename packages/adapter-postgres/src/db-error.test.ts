import { describe, expect, it } from "vitest";
import { SqlClientError, toSqlClientError } from "./db-error.js";

describe("toSqlClientError", () => {
  it("keeps the message and code and drops everything else the driver attached", () => {
    const driverError = Object.assign(
      new Error('duplicate key value violates unique constraint "x"'),
      {
        code: "23505",
        query: "insert into x values ($1)",
        parameters: ["private value"],
        input: "postgres://u:pw@h/db",
      },
    );
    const clean = toSqlClientError(driverError, ["pw"]);
    expect(clean).toBeInstanceOf(SqlClientError);
    expect(clean.code).toBe("23505");
    expect(clean.message).toBe(driverError.message);
    expect(JSON.stringify(clean)).not.toMatch(/private value|postgres:|insert into/);
  });
});
