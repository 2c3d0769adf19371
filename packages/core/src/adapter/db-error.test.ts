import { describe, expect, it } from "vitest";
import { redactSecrets } from "../redact/index.js";
import { dbErrorCode, dbErrorMessage, describeDbError } from "./db-error.js";

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

describe("dbErrorCode and dbErrorMessage", () => {
  it("read a driver error's code and message, whatever its shape", () => {
    expect(dbErrorCode(Object.assign(new Error("x"), { code: "42P01" }))).toBe("42P01");
    expect(dbErrorCode({ code: "" })).toBeUndefined();
    expect(dbErrorCode({ code: 1062 })).toBeUndefined();
    expect(dbErrorCode(null)).toBeUndefined();
    expect(dbErrorMessage(new TypeError(""))).toBe("TypeError");
    expect(dbErrorMessage({ message: "m" })).toBe("m");
    expect(dbErrorMessage(42)).toBe("Unknown database error");
  });
});
