import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // adapter-mysql's suites run twice: on MariaDB (its own config) and on MySQL.
    projects: [
      "packages/*",
      "packages/adapter-mysql/vitest.oracle-mysql.config.ts",
      "apps/*",
      "tests/*",
    ],
  },
});
