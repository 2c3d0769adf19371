import {
  AdapterError,
  type CursorPosition,
  Err,
  type KeysetCursor,
  keysetPages,
  Ok,
  type ReadRowsOptions,
  type Result,
  type Row,
  type SqlSource,
} from "@lakesync/core";
import { dbErrorCode, describeDbError } from "../db-error.js";
import { quoteIdent } from "../sql/identifier.js";
import type { SqlClient } from "../sql-client.js";

/** The extra column a keyset read selects: the cursor value as PostgreSQL's own text. */
const CURSOR_TEXT = "__lakesync_cursor";

/**
 * The {@link SqlSource} of PostgreSQL: runs an ingest table's query wrapped as a subquery,
 * never holding its whole result in memory. Values are always bound parameters.
 *
 * - With a cursor, pages by keyset: `select q.*, q."c"::text ... from (<query>) as q
 *   where (q."c", q."id") > ($1, $2) order by q."c", q."id" limit $3`. The stored position
 *   is bound as text and PostgreSQL casts it to each column's own type, so timestamps keep
 *   their microseconds and row ids compare as integers, uuids or text (in the database's
 *   collation) exactly as the `order by` sorts them. The row-value comparison lets an
 *   index on `(c, id)` serve each page. Rows whose cursor value is null are not read. A
 *   timestamp cursor column comes back as text (`2024-01-02 10:00:00.123456+00`) in place
 *   of the driver's millisecond Date: selected as an extra text column, unless the client
 *   reads dates as text already (`datesAsText`), when the row's own value is the position.
 * - Without one (the diff strategy), the query streams through a server-side cursor
 *   (`SqlClient.cursor`, postgres.js), `batchSize` rows per fetch.
 *
 * Errors are thrown (reads) or returned (checks) as AdapterErrors with the database's
 * message and SQLSTATE, never a password.
 * @example
 * const source = new PostgresSqlSource(postgresJsClient(url));
 * for await (const rows of source.readRows("select * from events", { batchSize: 1000 })) {}
 */
export class PostgresSqlSource implements SqlSource {
  readonly #client: SqlClient;
  readonly #ownsClient: boolean;
  readonly #warnAfterSeconds: number;

  /**
   * `ownsClient` (default true): `close()` closes the client too. `heldBackWarningSeconds`
   * (default 60): how long a transaction holds a cursor read back before a read names it
   * (`onWarning`).
   */
  constructor(
    client: SqlClient,
    options: { readonly ownsClient?: boolean; readonly heldBackWarningSeconds?: number } = {},
  ) {
    if (typeof client?.query !== "function") {
      throw new TypeError("PostgresSqlSource needs a SqlClient: postgresJsClient(url)");
    }
    this.#client = client;
    this.#ownsClient = options.ownsClient ?? true;
    this.#warnAfterSeconds = options.heldBackWarningSeconds ?? HELD_BACK_WARNING_S;
  }

  async *readRows(query: string, options: ReadRowsOptions): AsyncIterable<readonly Row[]> {
    const { batchSize, cursor } = options;
    if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
      throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
    }
    if (cursor) {
      yield* this.#readKeyset(query, batchSize, cursor, options.onWarning);
      return;
    }
    const stream = this.#client.cursor;
    if (!stream) {
      throw new AdapterError(
        "This SqlClient cannot stream rows (no cursor method): use postgresJsClient",
      );
    }
    try {
      for await (const rows of stream.call(
        this.#client,
        `select * from ${subquery(query)}`,
        [],
        batchSize,
      )) {
        yield rows;
      }
    } catch (err) {
      throw readError(err, []);
    }
  }

  async *#readKeyset(
    query: string,
    batchSize: number,
    cursor: KeysetCursor,
    onWarning: ((message: string) => void) | undefined,
  ): AsyncGenerator<readonly Row[], void, undefined> {
    const c = `q.${quoteIdent(cursor.cursorColumn)}`;
    const id = `q.${quoteIdent(cursor.rowIdColumn)}`;
    // A client that reads dates as text reads every cursor value exactly: no extra column.
    const exact = this.#client.datesAsText === true;
    const head = exact
      ? `select q.* from ${subquery(query)}`
      : `select q.*, ${c}::text as "${CURSOR_TEXT}" from ${subquery(query)}`;
    const order = `order by ${c}, ${id}`;
    const columns = [
      { name: cursor.cursorColumn, option: "cursorColumn" },
      { name: cursor.rowIdColumn, option: "rowIdColumn" },
    ];
    // postgres.js serialises a parameter by the type the server infers for it, through a
    // millisecond Date for timestamps: bound as text and cast in SQL, the value stays exact.
    const statements = async () => {
      const { types, horizon } = await this.#keysetPlan(query, cursor, onWarning);
      const params = horizon === null ? [] : [horizon];
      const before = horizon === null ? "" : ` and ${c} < $1::text::${types.cursor}`;
      const n = params.length;
      return {
        params,
        first: `${head} where ${c} is not null${before} ${order} limit $${n + 1}::text::int8`,
        next: `${head} where (${c}, ${id}) > ($${n + 1}::text::${types.cursor}, $${n + 2}::text::${types.rowId})${before} ${order} limit $${n + 3}::text::int8`,
      };
    };
    let planned: ReturnType<typeof statements> | null = null;
    const read = async (after: CursorPosition | null): Promise<Record<string, unknown>[]> => {
      try {
        planned ??= statements();
        const { params, first, next } = await planned;
        return after
          ? await this.#client.query(next, [
              ...params,
              String(after.value),
              after.rowId,
              String(batchSize),
            ])
          : await this.#client.query(first, [...params, String(batchSize)]);
      } catch (err) {
        throw readError(err, columns);
      }
    };
    const pages = keysetPages(read, cursor.after, (rows) => {
      const last = rows.at(-1);
      if (!last || rows.length < batchSize) return null;
      return {
        value: String(exact ? last[cursor.cursorColumn] : last[CURSOR_TEXT]),
        rowId: String(last[cursor.rowIdColumn]),
      };
    });
    for await (const rows of pages) {
      yield exact ? rows : withoutCursorText(rows, cursor.cursorColumn);
    }
  }

  /**
   * What a keyset read's pages need, from one statement: the SQL types of the cursor and row
   * id columns (e.g. `timestamp with time zone`), read without a row, and for a `timestamptz`
   * cursor its commit horizon: the start of the oldest transaction still open that wrote to a
   * table the query reads, or this moment. Such a transaction's rows are not visible yet, and
   * stamped with the database's clock they are no older than its start: reading only what
   * lies before it, the cursor never passes a row that commits later. Reading the query's
   * types locks its relations, so the statement finds the other sessions holding write locks
   * on them, before any page's snapshot. A `timestamp` column is not bounded: the zone its
   * values were written in is unknown. Writers held open long, or hidden, are told to
   * `onWarning`.
   */
  async #keysetPlan(
    query: string,
    cursor: KeysetCursor,
    onWarning: ((message: string) => void) | undefined,
  ): Promise<{ types: { cursor: string; rowId: string }; horizon: string | null }> {
    const typeOf = (column: string) =>
      `pg_typeof((select q.${quoteIdent(column)} from ${subquery(query)} limit 0))::text`;
    const [row] = await this.#client.query<PlanRow>(
      `${WRITERS_CTE} select ${typeOf(cursor.cursorColumn)} as cursor, ${typeOf(cursor.rowIdColumn)} as row_id, ${HORIZON_COLUMNS}`,
    );
    if (!row) throw new AdapterError("Could not read the types of the cursor columns");
    const types = { cursor: row.cursor, rowId: row.row_id };
    if (row.cursor !== "timestamp with time zone") return { types, horizon: null };
    if (row.unseen > 0) onWarning?.(UNSEEN_WRITERS);
    if (row.open_s !== null && row.open_s >= this.#warnAfterSeconds) {
      onWarning?.(
        // The same words each poll while the same transaction holds on: logged once.
        `rows changed since ${row.since} wait for a transaction open since then that wrote to the query's tables (pid ${row.pid}); they are read once it ends`,
      );
    }
    return { types, horizon: row.horizon };
  }

  /** Runs the query with `limit 0`: Ok when it runs, else the database's message. */
  async checkQuery(query: string): Promise<Result<void, AdapterError>> {
    try {
      await this.#client.query(`select * from ${subquery(query)} limit 0`);
      return Ok(undefined);
    } catch (err) {
      return Err(new AdapterError(`The query does not run: ${describeDbError(err)}`));
    }
  }

  /**
   * Checks that the query's result has each column (`limit 0`), e.g. the row id and
   * cursor columns of an ingest table; the error names the missing one.
   */
  async checkColumns(
    query: string,
    columns: readonly { readonly name: string; readonly option: string }[],
  ): Promise<Result<void, AdapterError>> {
    const list = columns.map((column) => `q.${quoteIdent(column.name)}`).join(", ");
    try {
      await this.#client.query(`select ${list || "1"} from ${subquery(query)} limit 0`);
      return Ok(undefined);
    } catch (err) {
      return Err(readError(err, columns));
    }
  }

  /** Cuts off the reads under way (see `SqlClient.interrupt`); a no-op on a client without it. */
  async interrupt(): Promise<void> {
    await this.#client.interrupt?.();
  }

  async close(): Promise<void> {
    if (this.#ownsClient) await this.#client.close();
  }
}

/**
 * Locks of a transaction that writes (INSERT, UPDATE, DELETE and MERGE take RowExclusive),
 * or is about to (`SELECT ... FOR UPDATE` takes RowShare).
 */
const WRITE_LOCKS =
  "'RowShareLock', 'RowExclusiveLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'";

/**
 * PostgreSQL's first OID of objects made after initdb: the query's own relations, where this
 * statement's system catalogs (`pg_database`, `pg_authid`, which DDL elsewhere writes) are below.
 */
const FIRST_USER_OID = 16384;

/** A transaction open this long (s) holding a table's rows back is named on the connector's status. */
const HELD_BACK_WARNING_S = 60;

const UNSEEN_WRITERS =
  "transactions whose start this role cannot see (other roles' sessions, prepared transactions) hold write locks on the query's tables: rows they commit late may be missed (GRANT pg_read_all_stats TO the connector's role)";

/** A keyset read's plan: the two columns' types, and the commit horizon with what holds it. */
interface PlanRow extends Record<string, unknown> {
  readonly cursor: string;
  readonly row_id: string;
  readonly horizon: string;
  readonly since: string | null;
  readonly open_s: number | null;
  readonly pid: number | null;
  /** Writers whose start this role cannot see: other roles' sessions, prepared transactions. */
  readonly unseen: number;
}

/**
 * The other transactions holding a write lock on a relation this statement has locked (the
 * user's query, nested in it, is read with `limit 0`), and the oldest whose start is visible.
 * Named so that no table of a user's query (nested here) is shadowed.
 */
const WRITERS_CTE = `with __lakesync_writers as (
    select theirs.pid, a.xact_start
      from pg_locks mine
      join pg_locks theirs
        on theirs.locktype = 'relation' and theirs.database = mine.database
       and theirs.relation = mine.relation and theirs.pid is distinct from mine.pid
       and theirs.granted and theirs.mode in (${WRITE_LOCKS})
      left join pg_stat_activity a on a.pid = theirs.pid
     where mine.pid = pg_backend_pid() and mine.locktype = 'relation'
       and mine.relation >= ${FIRST_USER_OID}),
  __lakesync_oldest as (
    select pid, xact_start from __lakesync_writers
     where xact_start is not null order by xact_start limit 1)`;

/**
 * The start of the oldest writer, or this statement's own start (`now()`); that writer's
 * start, age and pid, and how many writers' starts are hidden (another role's session shows no
 * `xact_start` without `pg_read_all_stats`; a prepared transaction has no pid).
 */
const HORIZON_COLUMNS = `least(now(), (select xact_start from __lakesync_oldest))::text as horizon,
    (select xact_start from __lakesync_oldest)::text as since,
    extract(epoch from now() - (select xact_start from __lakesync_oldest))::float8 as open_s,
    (select pid from __lakesync_oldest) as pid,
    (select count(*) from __lakesync_writers where xact_start is null)::int as unseen`;

/** Rows without the extra cursor text column, a Date cursor value replaced by that text. */
function withoutCursorText(rows: readonly Record<string, unknown>[], cursorColumn: string): Row[] {
  const page: Row[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const { [CURSOR_TEXT]: text, ...row } = rows[i] as Record<string, unknown>;
    // The driver's Date drops microseconds: the text is the exact value.
    if (row[cursorColumn] instanceof Date) row[cursorColumn] = String(text);
    page[i] = row;
  }
  return page;
}

/** The user's query as a subquery `q`; a trailing `;` dropped, a trailing comment kept harmless. */
function subquery(query: string): string {
  return `(\n${query.replace(/[\s;]+$/, "")}\n) as q`;
}

/** A read failure as an AdapterError; a missing configured column is named as such. */
function readError(
  err: unknown,
  columns: readonly { readonly name: string; readonly option: string }[],
): AdapterError {
  if (dbErrorCode(err) === "42703") {
    const message = err instanceof Error ? err.message : "";
    const missing = columns.find((column) => message.includes(`q.${column.name} `));
    if (missing) {
      return new AdapterError(
        `The query returns no column "${missing.name}" (${missing.option}): ${describeDbError(err)}`,
      );
    }
  }
  return new AdapterError(`Could not read rows: ${describeDbError(err)}`);
}
