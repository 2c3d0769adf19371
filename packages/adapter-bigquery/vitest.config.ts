import { fileURLToPath } from "node:url";
import { defineProject } from "vitest/config";
import { resolveToSource } from "../../vitest.shared.js";

export default defineProject({
  ...resolveToSource,
  resolve: {
    ...resolveToSource.resolve,
    alias: {
      // The shared adapter contract, until adapter-postgres exports it as `./testing`.
      "@lakesync/adapter-postgres/testing": fileURLToPath(
        new URL("../adapter-postgres/src/testing/adapter-contract.ts", import.meta.url),
      ),
    },
  },
  test: { name: "adapter-bigquery", include: ["src/**/*.test.ts"], testTimeout: 30_000 },
});
