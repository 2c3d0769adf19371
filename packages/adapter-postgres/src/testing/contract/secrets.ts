import type { AdapterError, Result } from "@lakesync/core";
import { expect, it } from "vitest";
import { change, logged, TODOS } from "./helpers.js";
import type { ContractAdapter } from "./types.js";

/** Errors from an adapter with rejected credentials never contain the password. */
export function secretsContract(makeBad: () => { adapter: ContractAdapter; secret: string }): void {
  it("never puts the password in an error", async () => {
    const { adapter, secret } = makeBad();
    try {
      const results: Result<unknown, AdapterError>[] = [
        await adapter.queryDeltasSince(0n, 10),
        await adapter.insertDeltas(logged([change("r1", 1, { a: 1 })])),
        await adapter.ensureSchema(TODOS),
        await adapter.lastPosition(),
        await adapter.readRow("todos", "r1"),
      ];
      for (const result of results) {
        expect(result.ok).toBe(false);
        if (result.ok) continue;
        const { error } = result;
        expect(error.code).toBe("ADAPTER_ERROR");
        expect(error.message.length).toBeGreaterThan(10);
        const seen = [
          error.message,
          String(error),
          error.stack ?? "",
          JSON.stringify(error),
          JSON.stringify(error.cause ?? null),
          String(error.cause ?? ""),
        ].join("\n");
        expect(seen).not.toContain(secret);
      }
    } finally {
      await adapter.close();
    }
  });
}
