import { Ok } from "@lakesync/core";
import { describe, expect, it } from "vitest";
import type { ConnectorFactory } from "./contract.js";
import { ConnectorFactories } from "./factories.js";

const factory: ConnectorFactory = async () => Ok({ close: async () => {} });

describe("ConnectorFactories", () => {
  it("is an instance registry: each server has its own", () => {
    const a = new ConnectorFactories({ jira: factory });
    const b = new ConnectorFactories();
    expect(a.getConnectorFactory("jira")).toBe(factory);
    expect(b.getConnectorFactory("jira")).toBeUndefined();
    b.registerConnectorFactory("postgres", factory).registerConnectorFactory("mysql", factory);
    expect(b.types()).toEqual(["postgres", "mysql"]);
    expect(b.has("mysql")).toBe(true);
    expect(a.has("mysql")).toBe(false);
  });

  it("refuses a second factory for a type, and bad arguments", () => {
    const factories = new ConnectorFactories({ jira: factory });
    expect(() => factories.registerConnectorFactory("jira", factory)).toThrow(/already registered/);
    expect(() => factories.registerConnectorFactory("", factory)).toThrow(TypeError);
    expect(() =>
      factories.registerConnectorFactory("x", "nope" as unknown as ConnectorFactory),
    ).toThrow(/must be a function/);
  });
});
