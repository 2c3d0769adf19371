import { unexpectedAnswer } from "./bigquery-error.js";
import type { RestRow, SchemaField } from "./bigquery-rest.js";

/** A jobs.query or getQueryResults answer: the fields the client reads. */
export interface QueryResponse {
  readonly jobComplete?: boolean;
  readonly jobReference?: { readonly jobId: string; readonly location?: string };
  readonly schema?: { readonly fields?: readonly SchemaField[] };
  readonly rows?: readonly RestRow[];
  readonly pageToken?: string;
  readonly numDmlAffectedRows?: string;
}

/**
 * `body` as a {@link QueryResponse}, or a BigQueryError naming what does not fit, so a
 * server that is not BigQuery fails with a sentence instead of a TypeError further on.
 */
export function toQueryResponse(body: Record<string, unknown>, what: string): QueryResponse {
  const problem = queryProblem(body);
  if (problem) throw unexpectedAnswer(what, problem);
  return body as QueryResponse;
}

function queryProblem(body: Record<string, unknown>): string | undefined {
  const { jobComplete, jobReference, schema, rows, pageToken } = body;
  if (jobComplete === undefined && jobReference === undefined) {
    return "neither jobComplete nor jobReference";
  }
  if (jobComplete !== undefined && typeof jobComplete !== "boolean") {
    return "jobComplete is not a boolean";
  }
  if (jobReference !== undefined && typeof field(jobReference, "jobId") !== "string") {
    return "jobReference has no jobId";
  }
  if (jobComplete === false && jobReference === undefined) {
    return "an incomplete job without its jobReference";
  }
  const fields = field(schema, "fields");
  if (fields !== undefined && !isFieldList(fields)) return "schema.fields is not a list of fields";
  if (rows !== undefined) {
    if (!Array.isArray(rows)) return "rows is not a list";
    const bad = rows.findIndex((row) => !Array.isArray(field(row, "f")));
    if (bad >= 0) return `rows[${bad}] is not a row`;
  }
  if (pageToken !== undefined && typeof pageToken !== "string") return "pageToken is not a string";
  return undefined;
}

/**
 * The result fields of a dry-run job (`statistics.query.schema.fields`), or a BigQueryError
 * when `body` is not such a job: any HTTP server answering 200 would otherwise pass a check.
 */
export function toDryRunFields(
  body: Record<string, unknown>,
  what: string,
): readonly SchemaField[] {
  const query = field(body.statistics, "query");
  const fields = field(field(query, "schema"), "fields");
  const problem =
    body.kind !== undefined && body.kind !== "bigquery#job"
      ? `kind ${JSON.stringify(body.kind)}`
      : typeof query !== "object" || query === null
        ? "no statistics.query"
        : fields !== undefined && !isFieldList(fields)
          ? "schema.fields is not a list of fields"
          : undefined;
  if (problem) throw unexpectedAnswer(what, problem);
  return (fields as readonly SchemaField[] | undefined) ?? [];
}

/** A list of `{ name, type, fields? }`, as a result schema is. */
function isFieldList(value: unknown): value is SchemaField[] {
  return (
    Array.isArray(value) &&
    value.every((f) => {
      const nested = field(f, "fields");
      return (
        typeof field(f, "name") === "string" &&
        typeof field(f, "type") === "string" &&
        (nested === undefined || isFieldList(nested))
      );
    })
  );
}

/** `value[name]` when `value` is an object. */
function field(value: unknown, name: string): unknown {
  return typeof value === "object" && value !== null
    ? (value as Record<string, unknown>)[name]
    : undefined;
}
