import { Ok } from "@lakesync/core";
import type { ConnectorContext, ConnectorFactory } from "@lakesync/gateway";
import { describe, expect, it } from "vitest";
import { lazyFactory } from "./default-factories.js";

const context = {} as ConnectorContext;
const runtime = { close: async () => {} };

describe("lazyFactory", () => {
  it("imports its package on the first register only", async () => {
    let loads = 0;
    const inner: ConnectorFactory = async () => Ok(runtime);
    const factory = lazyFactory("mysql", async () => {
      loads += 1;
      return inner;
    });
    expect(loads).toBe(0);
    const [a, b] = await Promise.all([factory(context), factory(context)]);
    expect(a).toEqual(Ok(runtime));
    expect(b).toEqual(Ok(runtime));
    expect(await factory(context)).toEqual(Ok(runtime));
    expect(loads).toBe(1);
  });

  it("answers a failed import as that register's error, and tries again next time", async () => {
    let attempt = 0;
    const factory = lazyFactory("bigquery", async () => {
      attempt += 1;
      if (attempt === 1) throw new Error("Cannot find package '@lakesync/adapter-bigquery'");
      return async () => Ok(runtime);
    });
    const failed = await factory(context);
    expect(failed.ok).toBe(false);
    if (!failed.ok) {
      expect(failed.error.code).toBe("ADAPTER_ERROR");
      expect(failed.error.message).toBe(
        "The bigquery connector could not be loaded: Cannot find package '@lakesync/adapter-bigquery'",
      );
    }
    expect(await factory(context)).toEqual(Ok(runtime));
  });

  it("loads the real MySQL and BigQuery factories", async () => {
    const { defaultConnectorFactories } = await import("./default-factories.js");
    const factories = defaultConnectorFactories();
    const wrongType = { config: { type: "postgres", name: "x" } } as unknown as ConnectorContext;
    for (const type of ["mysql", "bigquery"] as const) {
      const answer = await factories[type]?.(wrongType);
      expect(answer?.ok).toBe(false);
      if (answer && !answer.ok)
        expect(answer.error.message).toContain(`The ${type} factory cannot build`);
    }
  });
});
