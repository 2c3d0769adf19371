import type { SqlClient } from "../sql-client.js";

/* Transaction helpers shared by the postgres.js and PGlite clients. */

let savepoints = 0;

/**
 * A nested transaction inside an open one, as a savepoint: released when `fn` resolves,
 * rolled back to when it throws. Both drivers' transaction clients use it.
 */
export async function withSavepoint<R>(
  tx: SqlClient,
  fn: (tx: SqlClient) => Promise<R>,
): Promise<R> {
  savepoints = (savepoints + 1) % Number.MAX_SAFE_INTEGER;
  const name = `lakesync_sp_${savepoints}`;
  await tx.query(`savepoint ${name}`);
  try {
    const result = await fn(tx);
    await tx.query(`release savepoint ${name}`);
    return result;
  } catch (err) {
    await tx.query(`rollback to savepoint ${name}`);
    throw err;
  }
}

/**
 * Remembers what the caller's transaction body threw, so a client rethrows the caller's own
 * errors unchanged and cleans only the driver's (BEGIN, COMMIT, connection) errors.
 */
export function callerFailures(): {
  track<R>(work: Promise<R>): Promise<R>;
  has(err: unknown): boolean;
} {
  const thrown = new Set<unknown>();
  return {
    track: (work) =>
      work.catch((err: unknown) => {
        thrown.add(err);
        throw err;
      }),
    has: (err) => thrown.has(err),
  };
}
