import { describe, expect, it } from "vitest";
import { postgresUrl } from "./postgres-url.js";

describe("postgresUrl", () => {
  it("keeps a postgres:// or postgresql:// URL as given", () => {
    for (const url of [
      "postgres://u:p%40ss@db.example.com:6543/app?sslmode=require&application_name=x",
      "postgresql://u@[::1]:5432/app",
      "postgres://u@h",
    ]) {
      expect(postgresUrl(url)).toEqual({ url });
    }
  });

  it("moves user, password and dbname URL parameters into the URL, as libpq reads them", () => {
    expect(
      postgresUrl("postgres://h:5432?user=ada&password=p%40ss%20w&dbname=app&sslmode=require"),
    ).toEqual({
      url: "postgres://ada:p%40ss%20w@h:5432/app?sslmode=require",
    });
    // Given twice, the URL's own part is kept.
    expect(postgresUrl("postgres://bob:pw@h/db?password=other")).toEqual({
      url: "postgres://bob:pw@h/db",
    });
  });

  it("writes libpq keyword/value pairs as a URL, quotes and escapes included", () => {
    expect(
      postgresUrl(
        "host=db.example.com port = 6543 dbname=app user=ada password='it\\'s a \\\\secret' sslmode=require connect_timeout=5",
      ),
    ).toEqual({
      url: "postgres://ada:it's%20a%20%5Csecret@db.example.com:6543/app?sslmode=require&connect_timeout=5",
    });
    expect(postgresUrl("hostaddr=::1 dbname=app")).toEqual({ url: "postgres://[::1]/app" });
    // No host: the local server, as libpq would reach over TCP.
    expect(postgresUrl("dbname=app user=u user=v")).toEqual({ url: "postgres://v@localhost/app" });
  });

  it("names what is wrong and never repeats the string", () => {
    const cases: [string, string][] = [
      ["mysql://u:s3cret@h/db", "must start with postgres:// or postgresql://"],
      [
        "postgres://u:s3cret@h/db?sslmode=on",
        'must use an sslmode of disable, allow, prefer, require, verify-ca, verify-full, not "on"',
      ],
      ["host=/var/run/postgresql password=s3cret", "must name one host, by name or address"],
      ["host=a,b password=s3cret", "must name one host, by name or address"],
      ["host=h port=five password=s3cret", "must have a numeric port"],
      ["host=h password='s3cret", "must close every quoted value"],
      ["s3cret", "must be a postgres:// URL or keyword/value pairs"],
      ["host h password=s3cret", "must be a postgres:// URL or keyword/value pairs"],
      ["   ", "must be a postgres:// URL or keyword/value pairs"],
    ];
    for (const [input, expected] of cases) {
      const result = postgresUrl(input);
      expect("problem" in result ? result.problem : result.url).toContain(expected);
      expect(JSON.stringify(result)).not.toContain("s3cret");
    }
  });
});
