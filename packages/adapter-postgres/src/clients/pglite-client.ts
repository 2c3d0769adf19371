import { PGlite, type Transaction } from "@electric-sql/pglite";
import { toSqlClientError } from "../db-error.js";
import type { SqlClient } from "../sql-client.js";
import { callerFailures, withSavepoint } from "./transaction.js";

/** What the client uses of a PGlite instance or transaction. */
type Queryable = Pick<Transaction, "query">;

/**
 * A {@link SqlClient} over PGlite, the embedded PostgreSQL: the data lives in `dataDir`
 * (a directory), or in memory when it is undefined. An existing PGlite instance may be given
 * instead; `close()` closes it. The database opens in the background; the first query waits.
 * @example
 * const client = pgliteClient("./.lakesync"); // or pgliteClient(undefined) for in-memory
 */
export function pgliteClient(dataDirOrDb: string | undefined | PGlite): SqlClient {
  const opening =
    dataDirOrDb instanceof PGlite ? Promise.resolve(dataDirOrDb) : PGlite.create(dataDirOrDb);
  // A failed open surfaces on the first query; do not also report it as unhandled.
  opening.catch(() => {});
  let closed = false;

  const wrap = (open: () => Promise<Queryable>, inTransaction: boolean): SqlClient => {
    const client: SqlClient = {
      async query<T extends Record<string, unknown>>(
        text: string,
        params: readonly unknown[] = [],
      ) {
        try {
          const db = await open();
          const result = await db.query<T>(text, [...params]);
          return result.rows;
        } catch (err) {
          throw toSqlClientError(err);
        }
      },
      async transaction<R>(fn: (tx: SqlClient) => Promise<R>): Promise<R> {
        if (inTransaction) return withSavepoint(client, fn);
        const db = await opening.catch((err: unknown) => {
          throw toSqlClientError(err);
        });
        const failed = callerFailures();
        try {
          return await db.transaction((tx) => failed.track(fn(wrap(async () => tx, true))));
        } catch (err) {
          throw failed.has(err) ? err : toSqlClientError(err);
        }
      },
      async close() {
        if (inTransaction || closed) return;
        closed = true;
        const db = await opening.catch(() => undefined);
        if (db && !db.closed) await db.close();
      },
    };
    return client;
  };
  return wrap(() => opening, false);
}
