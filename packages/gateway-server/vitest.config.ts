import { defineProject } from "vitest/config";
import { resolveToSource } from "../../vitest.shared.js";

export default defineProject({
  ...resolveToSource,
  test: {
    name: "gateway-server",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 60_000,
  },
});
