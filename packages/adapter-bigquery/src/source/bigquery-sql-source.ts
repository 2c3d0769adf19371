import {
  AdapterError,
  Err,
  type KeysetCursor,
  Ok,
  type Result,
  type Row,
  type SqlSource,
} from "@lakesync/core";
import { toBigQueryError } from "../client/bigquery-error.js";
import type { BigQueryRest, SchemaField } from "../client/bigquery-rest.js";
import { decodeRows } from "../client/decode-rows.js";
import { param, parameterTypeOf, type QueryParameter } from "../client/query-parameters.js";
import { quoteIdent } from "../sql/identifier.js";

export interface BigQuerySqlSourceOptions {
  /** Ends the register-time checks (`checkQuery`, `checkColumns`), e.g. a shared time budget. */
  readonly checkSignal?: AbortSignal | undefined;
}

/**
 * The {@link SqlSource} of BigQuery. Each read is one query job (BigQuery bills per query, so
 * a poll never re-runs the query per page): the table's query wrapped as a subquery, with a
 * cursor filtered past the stored position and ordered by `(cursorColumn, rowIdColumn)`:
 * `select * from (<query>) as q where q.c > @after or (q.c = @after and q.id > @afterId)
 * order by q.c, q.id`. Its result is read `batchSize` rows per getQueryResults page, so
 * memory stays bounded. The stored position is bound with the columns' own types (learnt by
 * a dry run), and TIMESTAMP values come back as ISO text with microseconds, so the cursor is
 * exact. Unqualified table names resolve in the connector's dataset.
 * @example
 * const source = new BigQuerySqlSource(new BigQueryRest({ projectId, dataset }));
 * for await (const rows of source.readRows("SELECT * FROM events", { batchSize: 1000 })) {}
 */
export class BigQuerySqlSource implements SqlSource {
  readonly #client: BigQueryRest;
  /** Aborted by `close`: in-flight requests end at once. */
  readonly #closed = new AbortController();
  readonly #checkSignal: AbortSignal;

  constructor(client: BigQueryRest, options: BigQuerySqlSourceOptions = {}) {
    this.#client = client;
    const { checkSignal } = options;
    this.#checkSignal = checkSignal
      ? AbortSignal.any([this.#closed.signal, checkSignal])
      : this.#closed.signal;
  }

  async *readRows(
    query: string,
    options: { readonly batchSize: number; readonly cursor?: KeysetCursor | undefined },
  ): AsyncIterable<readonly Row[]> {
    const { batchSize, cursor } = options;
    if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
      throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
    }
    const read = cursor
      ? await this.#keysetQuery(query, cursor)
      : { sql: `SELECT * FROM ${subquery(query)}`, params: [] };
    try {
      for await (const page of this.#client.pages(read.sql, {
        params: read.params,
        pageSize: batchSize,
        signal: this.#closed.signal,
      })) {
        if (page.rows.length > 0) yield decodeRows(page.fields, page.rows);
      }
    } catch (err) {
      throw readError(err);
    }
  }

  async #keysetQuery(
    query: string,
    cursor: KeysetCursor,
  ): Promise<{ sql: string; params: QueryParameter[] }> {
    const c = `q.${quoteIdent(cursor.cursorColumn)}`;
    const id = `q.${quoteIdent(cursor.rowIdColumn)}`;
    const order = `ORDER BY ${c}, ${id}`;
    if (!cursor.after) {
      return {
        sql: `SELECT * FROM ${subquery(query)} WHERE ${c} IS NOT NULL ${order}`,
        params: [],
      };
    }
    const fields = await this.#fields(query);
    const typeOf = (name: string) => {
      const field = fields.find((f) => f.name === name);
      if (!field) throw new AdapterError(`The query returns no column "${name}"`);
      return parameterTypeOf(field.type);
    };
    return {
      sql: `SELECT * FROM ${subquery(query)} WHERE ${c} > @after OR (${c} = @after AND ${id} > @after_id) ${order}`,
      params: [
        param("after", typeOf(cursor.cursorColumn), cursorText(cursor.after.value)),
        param("after_id", typeOf(cursor.rowIdColumn), cursor.after.rowId),
      ],
    };
  }

  async #fields(query: string): Promise<readonly SchemaField[]> {
    try {
      return await this.#client.dryRun(`SELECT * FROM ${subquery(query)}`, {
        signal: this.#closed.signal,
      });
    } catch (err) {
      throw readError(err);
    }
  }

  /** A dry run of the query: Ok when BigQuery accepts it, else BigQuery's message. */
  async checkQuery(query: string): Promise<Result<void, AdapterError>> {
    try {
      await this.#client.dryRun(`SELECT * FROM ${subquery(query)}`, {
        signal: this.#checkSignal,
      });
      return Ok(undefined);
    } catch (err) {
      return Err(new AdapterError(`The query does not run: ${toBigQueryError(err).message}`));
    }
  }

  /** Checks that the query's result has each column (a dry run); the error names the missing one. */
  async checkColumns(
    query: string,
    columns: readonly { readonly name: string; readonly option: string }[],
  ): Promise<Result<void, AdapterError>> {
    let fields: readonly SchemaField[];
    try {
      fields = await this.#client.dryRun(`SELECT * FROM ${subquery(query)}`, {
        signal: this.#checkSignal,
      });
    } catch (err) {
      return Err(new AdapterError(`The query does not run: ${toBigQueryError(err).message}`));
    }
    const missing = columns.find((column) => !fields.some((f) => f.name === column.name));
    if (missing) {
      const found = fields.map((f) => f.name).join(", ");
      return Err(
        new AdapterError(
          `The query returns no column "${missing.name}" (${missing.option}); it returns ${found}`,
        ),
      );
    }
    return Ok(undefined);
  }

  /** Cancels the reads and checks in flight; later ones fail at once. */
  async close(): Promise<void> {
    this.#closed.abort();
  }
}

/** The user's query as a subquery `q`; a trailing `;` dropped. */
function subquery(query: string): string {
  return `(\n${query.replace(/[\s;]+$/, "")}\n) AS q`;
}

/** A stored cursor value as parameter text (Dates as ISO text; all else as it is). */
function cursorText(value: unknown): string {
  return value instanceof Date ? value.toISOString() : String(value);
}

/** A failed read; a rate limit's Retry-After becomes the poll's back-off. */
function readError(err: unknown): AdapterError {
  if (err instanceof AdapterError) return err;
  const error = toBigQueryError(err);
  const { retryAfterMs } = error;
  return new AdapterError(`Could not read rows: ${error.message}`, {
    cause: error,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });
}
