import { runAdapterContract } from "@lakesync/adapter-postgres/testing";
import { afterAll } from "vitest";
import { mysqlTestServer } from "../testing/targets.js";

// Real MariaDB (LAKESYNC_TEST_MYSQL_URL, default the one `scripts/services.sh start` runs).
// Every test fails, none skips, when it is unreachable.
const server = mysqlTestServer();
afterAll(() => server.end());

runAdapterContract("MariaDB", server);
