import { runAdapterContract } from "@lakesync/adapter-postgres/testing";
import { afterAll } from "vitest";
import { MYSQL_TEST_SERVER_NAME, mysqlTestServer } from "../testing/targets.js";

// Real MariaDB or MySQL (LAKESYNC_TEST_MYSQL_URL, default the MariaDB `scripts/services.sh start` runs).
// Every test fails, none skips, when it is unreachable.
const server = mysqlTestServer();
afterAll(() => server.end());

runAdapterContract(MYSQL_TEST_SERVER_NAME, server);
