/** An answer of the server under test: status, body text and its JSON when there is one. */
export interface CallResult {
  readonly status: number;
  readonly text: string;
  readonly json: unknown;
}

/**
 * A caller of a started server's routes: `call(method, path, body?, token?)` sends `body`
 * as JSON and the token as Bearer (null: no Authorization header). `baseUrl` and
 * `defaultToken` are read on each call, so a test may set them in `beforeAll`.
 * @example
 * const call = httpCaller(() => url, () => adminToken);
 * const res = await call("GET", `/admin/connectors/${GW}`);
 */
export function httpCaller(baseUrl: () => string, defaultToken: () => string) {
  return async (
    method: string,
    path: string,
    body?: string,
    token: string | null = defaultToken(),
  ): Promise<CallResult> => {
    const headers: Record<string, string> = {};
    if (token !== null) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    const res = await fetch(`${baseUrl()}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
    });
    const text = await res.text();
    return { status: res.status, text, json: text ? (JSON.parse(text) as unknown) : undefined };
  };
}
