import { describe, expect, it } from "vitest";
import { LogStoreAdapter, type LogStoreDialect } from "./log-store-adapter.js";

// The SQL behaviour is the adapter contract's, run on each database; this is the constructor.
const dialect = {} as LogStoreDialect<{ query(): void }>;
const client = { query() {} };

describe("LogStoreAdapter", () => {
  it("refuses a client without query, or a gatewayId that is not a string, naming the adapter", () => {
    const build = (options: unknown) =>
      new LogStoreAdapter(
        "DemoAdapter",
        "a DemoClient: demoClient(url)",
        options as never,
        dialect,
      );
    expect(() => build(undefined)).toThrow(
      new TypeError("DemoAdapter needs a DemoClient: demoClient(url)"),
    );
    expect(() => build({ client: {} })).toThrow("DemoAdapter needs a DemoClient");
    expect(() => build({ client, gatewayId: 7 })).toThrow("DemoAdapter gatewayId must be a string");
    expect(build({ client }).gatewayId).toBe("");
    expect(build({ client, gatewayId: "gw" }).gatewayId).toBe("gw");
  });
});
