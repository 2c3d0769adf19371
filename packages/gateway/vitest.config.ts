import { defineProject } from "vitest/config";
import { resolveToSource } from "../../vitest.shared.js";

export default defineProject({
  ...resolveToSource,
  test: { name: "gateway", include: ["src/**/*.test.ts"] },
});
