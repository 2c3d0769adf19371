import { describe, expect, it } from "vitest";
import { parseArgs, UsageError } from "./args.js";

describe("parseArgs", () => {
  it("reads positionals, value flags in both spellings, short flags and booleans", () => {
    expect(
      parseArgs(["connectors", "add", "-f", "-", "--url=http://x", "--gateway", "g", "--json"]),
    ).toEqual({
      positionals: ["connectors", "add"],
      file: "-",
      url: "http://x",
      gateway: "g",
      json: true,
      table: false,
      help: false,
    });
    expect(parseArgs(["connectors", "remove", "--", "--odd-name"]).positionals).toEqual([
      "connectors",
      "remove",
      "--odd-name",
    ]);
    expect(parseArgs(["-h"]).help).toBe(true);
  });

  it("refuses unknown flags, missing values and values for booleans", () => {
    expect(() => parseArgs(["--nope"])).toThrow(new UsageError("Unknown option --nope"));
    expect(() => parseArgs(["-x"])).toThrow("Unknown option -x");
    expect(() => parseArgs(["--url"])).toThrow("--url needs a value");
    expect(() => parseArgs(["--token", "--json"])).toThrow("--token needs a value");
    expect(() => parseArgs(["--json=yes"])).toThrow("--json takes no value");
  });
});
