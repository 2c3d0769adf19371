import { defineProject } from "vitest/config";
import { resolveToSource } from "../../vitest.shared.js";

export default defineProject({
  ...resolveToSource,
  test: { name: "client", include: ["src/**/*.test.ts"], testTimeout: 30_000 },
});
