import {
  AdapterError,
  type CursorPosition,
  Err,
  type KeysetCursor,
  keysetPages,
  Ok,
  type Result,
  type Row,
  type SqlSource,
} from "@lakesync/core";
import { mysqlTimestamp } from "../adapter/typed-value.js";
import { describeDbError } from "../db-error.js";
import type { ColumnInfo, MySqlClient } from "../sql-client.js";

/** Options of {@link MySqlSqlSource}. */
export interface MySqlSqlSourceOptions {
  /** Whether `close()` closes the client too. Default true. */
  readonly ownsClient?: boolean;
}

/** Options of {@link MySqlSqlSource.readRows}: core's, plus the column reads without a cursor page by. */
export interface MySqlReadOptions {
  readonly batchSize: number;
  readonly cursor?: KeysetCursor | undefined;
  /**
   * Without a cursor: page by this column (`ORDER BY` it, resume after the last value), each
   * page its own statement. Omitted, the result streams over one connection instead.
   */
  readonly rowIdColumn?: string | undefined;
}

/** DATE_FORMAT pattern of a temporal cursor: microseconds kept, comparable as a DATETIME. */
const TIMESTAMP_FORMAT = "'%Y-%m-%d %H:%i:%s.%f'";

const TEMPORAL_TYPES: ReadonlySet<string> = new Set([
  "DATETIME",
  "DATETIME2",
  "TIMESTAMP",
  "TIMESTAMP2",
  "DATE",
  "NEWDATE",
]);
const EXACT_NUMERIC_TYPES: ReadonlySet<string> = new Set([
  "TINY",
  "SHORT",
  "LONG",
  "INT24",
  "LONGLONG",
  "YEAR",
  "DECIMAL",
  "NEWDECIMAL",
]);
const FLOAT_TYPES: ReadonlySet<string> = new Set(["FLOAT", "DOUBLE"]);

/** How a column's values are bound and compared, by its result type. */
export type ColumnKind = "temporal" | "exact" | "float" | "text";

function kindOf(info: ColumnInfo | undefined): ColumnKind {
  const type = info?.type ?? "";
  if (TEMPORAL_TYPES.has(type)) return "temporal";
  if (EXACT_NUMERIC_TYPES.has(type)) return "exact";
  if (FLOAT_TYPES.has(type)) return "float";
  return "text";
}

/**
 * The placeholder of a value compared with a column of this kind. Integers and decimals are
 * bound as text and cast to DECIMAL, so a BIGINT beyond 2^53 compares exactly (MySQL
 * compares an integer column with a string as doubles).
 */
function slotOf(kind: ColumnKind): string {
  return kind === "exact" ? "CAST(? AS DECIMAL(65,30))" : "?";
}

/**
 * A {@link SqlSource} over MySQL 8 or MariaDB: runs each table's query and streams its rows
 * in pages of `batchSize`, never the whole result in memory, with values bound as parameters.
 *
 * With a cursor it reads by keyset, the user's query wrapped as a derived table:
 * `SELECT q.a, DATE_FORMAT(q.c, '%Y-%m-%d %H:%i:%s.%f') AS c, ... FROM (<query>) AS q
 *  WHERE q.c > ? OR (q.c = ? AND q.id > ?) ORDER BY q.c, q.id LIMIT ?` — not the row-value
 * form `(q.c, q.id) > (?, ?)`, which MariaDB 10.11 does not range-scan. A temporal cursor is
 * carried as `YYYY-MM-DD HH:MM:SS.ffffff` text (drivers turn DATETIME into Dates and drop the
 * microseconds), selected in the cursor column's own place: an extra `__lakesync_cursor`
 * column deleted from each row afterwards halved the read rate (200k rows: 116k vs 204k rows/s). Rows whose cursor is NULL
 * are not read. Without a cursor the result streams over one connection (mysql2's row
 * stream, `batchSize` rows at a time), or, given `rowIdColumn`, is paged by that column.
 * Reads throw, and `checkQuery` returns, `AdapterError`s with the database's message and
 * code, never a password.
 * @example
 * const source = new MySqlSqlSource(mysqlClient(url));
 * for await (const rows of source.readRows("SELECT * FROM orders", {
 *   batchSize: 10_000,
 *   cursor: { cursorColumn: "updated_at", rowIdColumn: "id", after: null },
 * })) console.log(rows.length);
 */
export class MySqlSqlSource implements SqlSource {
  readonly #client: MySqlClient;
  readonly #ownsClient: boolean;

  constructor(client: MySqlClient, options: MySqlSqlSourceOptions = {}) {
    if (typeof client?.query !== "function") {
      throw new TypeError("MySqlSqlSource needs a MySqlClient: mysqlClient(url)");
    }
    this.#client = client;
    this.#ownsClient = options.ownsClient ?? true;
  }

  /** Streams the query's rows in pages (see the class). Failures throw `AdapterError`s without secrets. */
  async *readRows(query: string, options: MySqlReadOptions): AsyncIterable<readonly Row[]> {
    const batchSize = Math.floor(options.batchSize);
    if (!(batchSize >= 1))
      throw new RangeError(`batchSize must be at least 1, got ${options.batchSize}`);
    const inner = innerQuery(query);
    if (options.cursor) {
      yield* this.#readByCursor(inner, options.cursor, batchSize);
    } else if (options.rowIdColumn !== undefined) {
      yield* this.#readById(inner, options.rowIdColumn, batchSize);
    } else {
      try {
        yield* this.#client.stream(`SELECT q.* FROM (${inner}) AS q`, batchSize);
      } catch (err) {
        throw err instanceof AdapterError
          ? err
          : new AdapterError(`Could not read the query's rows: ${describeDbError(err)}`);
      }
    }
  }

  /** Runs the query as `SELECT * FROM (<query>) AS q LIMIT 0`: it must parse and its tables exist. */
  async checkQuery(query: string): Promise<Result<void, AdapterError>> {
    try {
      await this.#client.query(`SELECT * FROM (${innerQuery(query)}) AS q LIMIT 0`);
      return Ok(undefined);
    } catch (err) {
      return Err(new AdapterError(`The query does not run: ${describeDbError(err)}`));
    }
  }

  /**
   * Checks that the query's result has each column (e.g. an ingest table's row id and
   * cursor columns); the error names the missing one and the option it came from.
   */
  async checkColumns(
    query: string,
    columns: readonly { readonly name: string; readonly option: string }[],
  ): Promise<Result<void, AdapterError>> {
    let found: ColumnInfo[];
    try {
      found = await this.#columns(innerQuery(query));
    } catch (err) {
      return Err(err instanceof AdapterError ? err : new AdapterError(describeDbError(err)));
    }
    const names = new Set(found.map((c) => c.name));
    const missing = columns.find((c) => !names.has(c.name));
    if (!missing) return Ok(undefined);
    return Err(
      new AdapterError(
        `The query returns no column "${missing.name}" (${missing.option}); it returns: ${[...names].join(", ") || "no columns"}`,
      ),
    );
  }

  /** Cuts off the reads under way (see `MySqlClient.interrupt`). */
  async interrupt(): Promise<void> {
    await this.#client.interrupt?.();
  }

  /** Closes the database client, when the source owns it. */
  async close(): Promise<void> {
    if (this.#ownsClient) await this.#client.close();
  }

  async *#readByCursor(
    inner: string,
    cursor: KeysetCursor,
    batchSize: number,
  ): AsyncGenerator<readonly Row[]> {
    const columns = await this.#columns(inner);
    const byName = new Map(columns.map((col) => [col.name, col]));
    for (const name of [cursor.cursorColumn, cursor.rowIdColumn]) {
      if (!byName.has(name)) {
        throw new AdapterError(
          `The query returns no column "${name}"; it returns: ${columns.map((col) => col.name).join(", ") || "no columns"}`,
        );
      }
    }
    const cursorKind = kindOf(byName.get(cursor.cursorColumn));
    const idKind = kindOf(byName.get(cursor.rowIdColumn));
    const { first, next } = keysetStatements(
      inner,
      cursor,
      cursorKind,
      idKind,
      columns.map((col) => col.name),
    );

    type Position = { value: unknown; rowId: string };
    const pages = keysetPages<Record<string, unknown>, Position>(
      (after) =>
        this.#page(
          after ? next : first,
          after
            ? [after.value, after.value, bindValue(after.rowId, idKind), String(batchSize)]
            : [String(batchSize)],
        ),
      cursor.after ? startPosition(cursor.after, cursorKind) : null,
      (rows) => {
        const last = rows.at(-1);
        if (!last || rows.length < batchSize) return null;
        const value = last[cursor.cursorColumn];
        if (value === null || value === undefined) return null;
        const rowId = last[cursor.rowIdColumn];
        return {
          value: bindValue(value, cursorKind),
          rowId: rowId === null || rowId === undefined ? "" : String(rowId),
        };
      },
    );
    yield* pages;
  }

  async *#readById(
    inner: string,
    rowIdColumn: string,
    batchSize: number,
  ): AsyncGenerator<readonly Row[]> {
    const id = `q.${quoteColumn(rowIdColumn)}`;
    const columns = await this.#columns(inner);
    const info = columns.find((col) => col.name === rowIdColumn);
    if (!info) {
      throw new AdapterError(
        `The query returns no column "${rowIdColumn}" (rowIdColumn); it returns: ${columns.map((col) => col.name).join(", ") || "no columns"}`,
      );
    }
    const kind = kindOf(info);
    const first = `SELECT q.* FROM (${inner}) AS q ORDER BY ${id} LIMIT ?`;
    const next = `SELECT q.* FROM (${inner}) AS q WHERE ${id} > ${slotOf(kind)} ORDER BY ${id} LIMIT ?`;
    let after: unknown = null;
    for (;;) {
      const rows = await this.#page(
        after === null ? first : next,
        after === null ? [String(batchSize)] : [after, String(batchSize)],
      );
      if (rows.length === 0) return;
      yield rows;
      if (rows.length < batchSize) return;
      const last = (rows[rows.length - 1] as Record<string, unknown>)[rowIdColumn];
      if (last === null || last === undefined) return;
      after = bindValue(last, kind);
    }
  }

  async #columns(inner: string): Promise<ColumnInfo[]> {
    try {
      return await this.#client.describeColumns(`SELECT * FROM (${inner}) AS q LIMIT 0`);
    } catch (err) {
      throw new AdapterError(`The query does not run: ${describeDbError(err)}`);
    }
  }

  async #page(text: string, params: readonly unknown[]): Promise<Record<string, unknown>[]> {
    try {
      return await this.#client.query(text, params);
    } catch (err) {
      throw new AdapterError(`Could not read the query's rows: ${describeDbError(err)}`);
    }
  }
}

/**
 * The two statements of a keyset read: the first page (`first`, one parameter: the limit)
 * and every later one (`next`: cursor value twice, row id, limit). A temporal cursor column
 * is selected in its place as `DATE_FORMAT(...)` text, every other column as it is (`columns`
 * lists the result's columns); the derived table's own column is what is compared and sorted.
 */
export function keysetStatements(
  inner: string,
  cursor: Pick<KeysetCursor, "cursorColumn" | "rowIdColumn">,
  cursorKind: ColumnKind,
  idKind: ColumnKind,
  columns: readonly string[],
): { first: string; next: string } {
  const c = `q.${quoteColumn(cursor.cursorColumn)}`;
  const id = `q.${quoteColumn(cursor.rowIdColumn)}`;
  const list =
    cursorKind === "temporal"
      ? columns
          .map((name) =>
            name === cursor.cursorColumn
              ? `DATE_FORMAT(${c}, ${TIMESTAMP_FORMAT}) AS ${quoteColumn(name)}`
              : `q.${quoteColumn(name)}`,
          )
          .join(", ")
      : "q.*";
  const cSlot = slotOf(cursorKind);
  const select = `SELECT ${list} FROM (${inner}) AS q`;
  const order = `ORDER BY ${c}, ${id} LIMIT ?`;
  return {
    first: `${select} WHERE ${c} IS NOT NULL ${order}`,
    next: `${select} WHERE ${c} > ${cSlot} OR (${c} = ${cSlot} AND ${id} > ${slotOf(idKind)}) ${order}`,
  };
}

/**
 * The user's query without trailing semicolons and whitespace, to nest as a derived table,
 * ended by a line break: a trailing `-- comment` or `# comment` then stops before the `)`.
 */
function innerQuery(query: string): string {
  const trimmed = query.trim().replace(/[;\s]+$/, "");
  if (trimmed === "") throw new AdapterError("The query is empty");
  return `${trimmed}\n`;
}

/** A result column name as a backquoted identifier (backquotes doubled). */
function quoteColumn(name: string): string {
  if (typeof name !== "string" || name === "" || name.includes("\0")) {
    throw new AdapterError(`Invalid column name ${JSON.stringify(name)}`);
  }
  return `\`${name.replaceAll("`", "``")}\``;
}

/** A value as it is bound against a column of this kind. */
function bindValue(value: unknown, kind: ColumnKind): unknown {
  if (value instanceof Date) return mysqlTimestamp(value);
  if (typeof value === "bigint") return value.toString();
  if (kind === "exact") return String(value);
  if (kind === "float") return typeof value === "number" ? value : Number(value);
  return value;
}

/** The stored cursor position as bound values: a temporal value as UTC DATETIME text. */
function startPosition(after: CursorPosition, kind: ColumnKind): { value: unknown; rowId: string } {
  if (kind === "temporal") {
    const text = mysqlTimestamp(after.value);
    if (text === null) {
      throw new AdapterError(`The stored cursor ${JSON.stringify(after.value)} is not a timestamp`);
    }
    return { value: text, rowId: after.rowId };
  }
  return { value: bindValue(after.value, kind), rowId: after.rowId };
}
