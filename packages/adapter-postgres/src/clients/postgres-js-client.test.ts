import { type AddressInfo, connect, createServer, type Socket } from "node:net";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { SqlClientError } from "../db-error.js";
import { PG_TEST_URL } from "../testing/targets.js";
import { postgresJsClient } from "./postgres-js-client.js";

const withQuery = (query: string) =>
  `${PG_TEST_URL}${PG_TEST_URL.includes("?") ? "&" : "?"}${query}`;

async function failure(work: Promise<unknown>): Promise<SqlClientError> {
  const err = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SqlClientError);
  return err as SqlClientError;
}

describe("postgresJsClient", () => {
  it("uses the connection string as given", async () => {
    const client = postgresJsClient(withQuery("application_name=lakesync-test&sslmode=disable"));
    try {
      const [row] = await client.query<{ name: string }>(
        "select current_setting('application_name') as name",
      );
      expect(row?.name).toBe("lakesync-test");
    } finally {
      await client.close();
    }
  });

  it("takes libpq keyword/value pairs as well as a URL", async () => {
    const url = new URL(PG_TEST_URL);
    const pairs = [
      `host=${url.hostname}`,
      `port = ${url.port || 5432}`,
      `dbname=${decodeURIComponent(url.pathname.slice(1)) || "postgres"}`,
      `user=${decodeURIComponent(url.username)}`,
      ...(url.password
        ? [`password='${decodeURIComponent(url.password).replace(/['\\]/g, "\\$&")}'`]
        : []),
      "application_name='lakesync kv'",
      "sslmode=disable",
    ];
    const client = postgresJsClient(pairs.join(" "));
    try {
      const [row] = await client.query<{ name: string }>(
        "select current_setting('application_name') as name",
      );
      expect(row?.name).toBe("lakesync kv");
    } finally {
      await client.close();
    }
  });

  it("applies the pool size and the statement timeout", async () => {
    const client = postgresJsClient(PG_TEST_URL, { max: 1, statementTimeoutMs: 300 });
    try {
      const pids = await Promise.all(
        [1, 2, 3].map(() => client.query<{ pid: number }>("select pg_backend_pid() as pid")),
      );
      expect(new Set(pids.map(([row]) => row?.pid)).size).toBe(1);
      const started = Date.now();
      const err = await failure(client.query("select pg_sleep(5)"));
      expect(err.code).toBe("57014");
      expect(Date.now() - started).toBeLessThan(4000);
    } finally {
      await client.close();
    }
  });

  it("streams every batch of a cursor, and frees the connection when the caller stops early", async () => {
    const client = postgresJsClient(PG_TEST_URL, { max: 1 });
    try {
      const text = "select i from generate_series(1, 2500) as i";
      const stream = client.cursor;
      if (!stream) throw new Error("postgresJsClient streams");
      const sizes: number[] = [];
      let sum = 0;
      for await (const rows of stream.call(client, text, [], 1000)) {
        sizes.push(rows.length);
        for (const row of rows) sum += Number(row.i);
      }
      expect(sizes).toEqual([1000, 1000, 500]);
      expect(sum).toBe((2500 * 2501) / 2);
      for await (const rows of stream.call(client, text, [], 1000)) {
        expect(rows).toHaveLength(1000);
        break;
      }
      // With a pool of one, this waits forever if the abandoned cursor kept the connection.
      expect(await client.query("select 1 as one")).toEqual([{ one: 1 }]);
    } finally {
      await client.close();
    }
  });

  it("cancels on the server the queries it cuts off, at close() and at interrupt()", async () => {
    const admin = postgres(PG_TEST_URL, { max: 1, onnotice: () => {} });
    const running = async (marker: string) =>
      Number(
        (
          await admin.unsafe(
            "select count(*)::int as n from pg_stat_activity where state = 'active' and query like $1",
            [`%${marker}%`],
          )
        )[0]?.n,
      );
    const until = async (check: () => Promise<boolean>) => {
      for (let i = 0; i < 100 && !(await check()); i++) await new Promise((r) => setTimeout(r, 50));
      return check();
    };
    try {
      for (const cut of ["close", "interrupt"] as const) {
        const client = postgresJsClient(PG_TEST_URL, { max: 1 });
        const marker = `lakesync_cut_${cut}_${process.pid}`;
        const slow = client.query(`select pg_sleep(30) as ${marker}`).catch((e: unknown) => e);
        expect(await until(async () => (await running(marker)) === 1)).toBe(true);
        await (cut === "close" ? client.close() : client.interrupt?.());
        expect(await slow).toBeInstanceOf(SqlClientError);
        // Gone from the server within 5 s, not after its 30 s.
        expect(await until(async () => (await running(marker)) === 0)).toBe(true);
        if (cut === "interrupt") {
          expect(await client.query("select 1 as one")).toEqual([{ one: 1 }]);
          await client.close();
        }
      }
    } finally {
      await admin.end();
    }
  });

  it.each(["close()", "close() while interrupt() waits"])(
    "stops waiting for a cancel request the server never answers after 2 s: %s",
    async (cut) => {
      // In front of the real server: forwards sessions, takes cancel requests and holds them.
      const target = new URL(PG_TEST_URL);
      const sockets = new Set<Socket>();
      let cancelRequests = 0;
      const proxy = createServer((client) => {
        sockets.add(client);
        client.once("data", (first) => {
          // A CancelRequest: length 16, then the code 80877102 (PostgreSQL's protocol docs).
          if (first.length >= 8 && first.readInt32BE(4) === 80877102) {
            cancelRequests += 1;
            return;
          }
          const server = connect(Number(target.port || 5432), target.hostname, () => {
            server.write(first);
            client.pipe(server).pipe(client);
          });
          sockets.add(server);
          server.on("error", () => client.destroy());
          client.on("error", () => server.destroy());
        });
      });
      await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
      const via = new URL(PG_TEST_URL);
      via.hostname = "127.0.0.1";
      via.port = String((proxy.address() as AddressInfo).port);
      const admin = postgres(PG_TEST_URL, { max: 1, onnotice: () => {} });
      const marker = `lakesync_unanswered_cancel_${process.pid}_${cut.length}`;
      const client = postgresJsClient(via.toString(), { max: 1 });
      try {
        const slow = client.query(`select pg_sleep(20) as ${marker}`).catch((e: unknown) => e);
        for (let i = 0; i < 100; i++) {
          const [row] = await admin.unsafe(
            "select count(*)::int as n from pg_stat_activity where state = 'active' and query like $1",
            [`%${marker}%`],
          );
          if (row?.n === 1) break;
          await new Promise((r) => setTimeout(r, 50));
        }
        const interrupting = cut === "close()" ? undefined : client.interrupt?.();
        const started = performance.now();
        await client.close();
        const waited = performance.now() - started;
        await interrupting;
        // One request for the one statement, which both cut-offs wait for.
        expect(cancelRequests).toBe(1);
        expect(await slow).toBeInstanceOf(SqlClientError);
        // Its 2 s bound, not the 20 s the query would take to end on its own.
        expect(waited).toBeGreaterThanOrEqual(1900);
        expect(waited).toBeLessThan(10_000);
      } finally {
        for (const socket of sockets) socket.destroy();
        proxy.close();
        await admin.unsafe(
          "select pg_terminate_backend(pid) from pg_stat_activity where query like $1 and pid <> pg_backend_pid()",
          [`%${marker}%`],
        );
        await admin.end();
      }
    },
  );

  it("wraps an existing postgres.js instance and ends it on close", async () => {
    let ended = false;
    const sql = postgres(PG_TEST_URL, {
      max: 1,
      onclose: () => {
        ended = true;
      },
    });
    const client = postgresJsClient(sql);
    expect(await client.query("select 1::int as one")).toEqual([{ one: 1 }]);
    await client.close();
    expect(ended).toBe(true);
  });

  it("never puts a password in its errors", async () => {
    const secret = "s3cretpw";
    const badUser = new URL(PG_TEST_URL);
    badUser.username = "nobody";
    badUser.password = secret;
    const rejected = postgresJsClient(badUser.toString(), { connectTimeoutSeconds: 5 });
    const refused = postgresJsClient(`postgres://app:${secret}@127.0.0.1:1/db`, {
      connectTimeoutSeconds: 5,
    });
    try {
      const errors = [
        await failure(rejected.query("select 1")),
        await failure(rejected.transaction((tx) => tx.query("select 1"))),
        await failure(refused.query("select 1")),
      ];
      expect(errors[0]?.code).toMatch(/^28/); // invalid authorization
      expect(errors[2]?.code).toBe("ECONNREFUSED");
      let invalid: unknown;
      try {
        postgresJsClient(`postgres://app:${secret}@host:notaport/db`);
      } catch (err) {
        invalid = err;
      }
      expect(invalid).toBeInstanceOf(SqlClientError);
      for (const err of [...errors, invalid as SqlClientError]) {
        const seen = [err.message, String(err), err.stack ?? "", JSON.stringify(err)].join("\n");
        expect(seen).not.toContain(secret);
      }
    } finally {
      await rejected.close();
      await refused.close();
    }
  });

  it("gives up on a server that never answers after connectTimeoutSeconds, then tries again", async () => {
    // 10.255.255.1 is a non-routed private address: the connection attempt gets no answer
    // (or, on some networks, an immediate unreachable error).
    const secret = "blackholepw";
    const client = postgresJsClient(`postgres://app:${secret}@10.255.255.1:5432/db`, {
      connectTimeoutSeconds: 1,
    });
    try {
      for (let attempt = 0; attempt < 2; attempt++) {
        const started = Date.now();
        const err = await failure(client.query("select 1"));
        expect(Date.now() - started).toBeLessThan(5_000);
        expect(err.code).toMatch(/^(CONNECT_TIMEOUT|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT)$/);
        expect(`${err.message}\n${err.stack}`).not.toContain(secret);
      }
    } finally {
      await client.close();
    }
  });
});
