import { defineProject } from "vitest/config";
import { resolveToSource } from "../../vitest.shared.js";

export default defineProject({
  ...resolveToSource,
  test: { name: "connector-salesforce", include: ["src/**/*.test.ts"] },
});
