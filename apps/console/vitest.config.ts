import { defineProject } from "vitest/config";
import { resolveToSource } from "../../vitest.shared.js";

// Unit tests of the schema form run in Node; the end-to-end test drives real Chromium against
// a gateway server started in the test process (see e2e/console.e2e.test.ts).
export default defineProject({
  ...resolveToSource,
  test: {
    name: "console",
    include: ["src/**/*.test.ts", "e2e/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
