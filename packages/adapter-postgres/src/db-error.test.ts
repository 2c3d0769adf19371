import { describe, expect, it } from "vitest";
import { describeDbError, redactSecrets, SqlClientError, toSqlClientError } from "./db-error.js";

describe("describeDbError", () => {
  it("gives the driver's message and code", () => {
    const err = Object.assign(new Error('relation "todos" does not exist'), { code: "42P01" });
    expect(describeDbError(err)).toBe('relation "todos" does not exist (42P01)');
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), {
      code: "ECONNREFUSED",
    });
    expect(describeDbError(refused)).toBe("connect ECONNREFUSED 127.0.0.1:1");
    expect(describeDbError("plain text")).toBe("plain text");
    expect(describeDbError({ message: "from an object" })).toBe("from an object");
    expect(describeDbError(undefined)).toBe("Unknown database error");
  });

  it("masks credentials in connection strings, key=value pairs and given secrets", () => {
    const err = new Error(
      "could not connect to postgres://alice:s3cr%40t@db.example.com:5432/app?sslmode=require " +
        "or postgresql://bob:p@ss@host/db, nor mysql://carol@h/db; host=h password=hunter2 user=x " +
        "pwd: 'quoted secret' and the literal topsecret",
    );
    const text = describeDbError(err, ["topsecret"]);
    for (const secret of [
      "s3cr%40t",
      "s3cr@t",
      "p@ss",
      "hunter2",
      "quoted secret",
      "topsecret",
      "alice",
      "bob",
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain("postgres://***@db.example.com:5432/app?sslmode=require");
    expect(text).toContain("postgresql://***@host/db");
    expect(text).toContain("password=***");
  });

  it("masks a secret in its URL-encoded form too", () => {
    expect(redactSecrets("url has p%40ss%2Fword", ["p@ss/word"])).toBe("url has ***");
  });
});

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
