import { defineProject } from "vitest/config";
import { resolveToSource } from "../../vitest.shared.js";

export default defineProject({
  ...resolveToSource,
  test: { name: "connector-jira", include: ["src/**/*.test.ts"] },
});
