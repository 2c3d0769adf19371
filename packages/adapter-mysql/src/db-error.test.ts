import { describe, expect, it } from "vitest";
import { describeDbError, SqlClientError, toSqlClientError } from "./db-error.js";

describe("describeDbError", () => {
  it("gives the driver's message and code, credentials masked", () => {
    const err = Object.assign(new Error("Table 'app.todos' doesn't exist"), {
      code: "ER_NO_SUCH_TABLE",
    });
    expect(describeDbError(err)).toBe("Table 'app.todos' doesn't exist (ER_NO_SUCH_TABLE)");
    const text = describeDbError(
      new Error("cannot reach mysql://alice:s3cr%40t@db:3306/app password=hunter2 and topsecret"),
      ["topsecret"],
    );
    for (const secret of ["alice", "s3cr%40t", "hunter2", "topsecret"]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain("mysql://***@db:3306/app");
  });
});

describe("toSqlClientError", () => {
  it("keeps message, code and SQLSTATE, and drops the statement mysql2 attaches", () => {
    const driverError = Object.assign(new Error("Duplicate entry 'x' for key 'PRIMARY'"), {
      code: "ER_DUP_ENTRY",
      errno: 1062,
      sqlState: "23000",
      sqlMessage: "Duplicate entry 'x' for key 'PRIMARY'",
      sql: "INSERT INTO t VALUES ('private value')",
    });
    const clean = toSqlClientError(driverError);
    expect(clean).toBeInstanceOf(SqlClientError);
    expect(clean).toMatchObject({ code: "ER_DUP_ENTRY", sqlState: "23000" });
    expect(JSON.stringify(clean)).not.toMatch(/private value|INSERT INTO/);
  });
});
