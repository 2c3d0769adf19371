import { configDefaults, mergeConfig } from "vitest/config";
import base from "./vitest.config.js";

// The package's suites again, against Oracle's MySQL (`scripts/services.sh start` runs it on
// 33307, from Debian sid's packages): the adapter must behave the same on MariaDB and MySQL.
// Fails, never skips, when that server is unreachable, as the MariaDB run does.
export default mergeConfig(base, {
  test: {
    name: "adapter-mysql (MySQL)",
    // Suites that never reach a server run once, in the MariaDB project.
    exclude: [
      ...configDefaults.exclude,
      "src/clients/readable-batches.test.ts",
      "src/adapter/typed-value.test.ts",
      "src/sql/batched-insert.test.ts",
      "src/db-error.test.ts",
    ],
    env: {
      LAKESYNC_TEST_MYSQL_URL:
        process.env.LAKESYNC_TEST_ORACLE_MYSQL_URL ?? "mysql://app:apppw@127.0.0.1:33307/app",
      LAKESYNC_TEST_MYSQL_NAME: "MySQL",
    },
  },
});
