/** BigQuery's REST error body, `{"error":{"code","message","errors":[...],"status"}}`. */
export interface BigQueryErrorBody {
  readonly error: {
    readonly code: number;
    readonly message: string;
    readonly errors: readonly { message: string; domain: string; reason: string }[];
    readonly status: string;
  };
}

const STATUS: Readonly<Record<number, string>> = {
  400: "INVALID_ARGUMENT",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  409: "ALREADY_EXISTS",
  429: "RESOURCE_EXHAUSTED",
  500: "INTERNAL",
  503: "UNAVAILABLE",
};

export function errorBody(code: number, reason: string, message: string): BigQueryErrorBody {
  return {
    error: {
      code,
      message,
      errors: [{ message, domain: "global", reason }],
      status: STATUS[code] ?? "UNKNOWN",
    },
  };
}

/** Where a query ran, to name missing tables and datasets as BigQuery does. */
export interface QueryScope {
  readonly projectId: string;
  readonly defaultDataset: string | undefined;
  readonly location: string;
}

/** BigQuery's answer to a PostgreSQL error raised while the fake evaluated a query. */
export function queryErrorBody(err: unknown, scope: QueryScope): BigQueryErrorBody {
  const { code, message } = err as { code?: string; message?: string };
  const text = message ?? String(err);
  const where = `in location ${scope.location}`;
  switch (code) {
    case "42P01": {
      const name = /relation "([^"]+)"/.exec(text)?.[1] ?? "?";
      const path = name.includes(".") ? name : `${scope.defaultDataset ?? "?"}.${name}`;
      return errorBody(
        404,
        "notFound",
        `Not found: Table ${scope.projectId}:${path} was not found ${where}`,
      );
    }
    case "3F000": {
      const name = /schema "([^"]+)"/.exec(text)?.[1] ?? "?";
      return errorBody(
        404,
        "notFound",
        `Not found: Dataset ${scope.projectId}:${name} was not found ${where}`,
      );
    }
    case "42703": {
      const name = /column "?([^" ]+)"? does not exist/.exec(text)?.[1] ?? text;
      return errorBody(400, "invalidQuery", `Unrecognized name: ${name.split(".").pop()}`);
    }
    case "42601":
      return errorBody(400, "invalidQuery", `Syntax error: ${text}`);
    case "42883":
      return errorBody(400, "invalidQuery", `No matching signature: ${text}`);
    case "42P07":
      return errorBody(409, "duplicate", `Already Exists: ${text}`);
    default:
      if (typeof code === "string" && /^(22|23|42)/.test(code)) {
        return errorBody(400, "invalidQuery", text);
      }
      return errorBody(
        500,
        "backendError",
        "An internal error occurred and the request could not be completed.",
      );
  }
}
