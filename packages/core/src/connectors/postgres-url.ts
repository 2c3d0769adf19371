/** The `sslmode` values libpq knows. */
export const POSTGRES_SSL_MODES: readonly string[] = [
  "disable",
  "allow",
  "prefer",
  "require",
  "verify-ca",
  "verify-full",
];

/**
 * A PostgreSQL connection string as the URL the driver takes: a `postgres://` or
 * `postgresql://` URL as given, or a libpq keyword/value string (`host=db port=5432
 * dbname=app user=u password='a b'`) written as one. Else `problem`, a predicate for the
 * field ("must ..."), which never repeats the string (it may hold a password).
 * @example postgresUrl("host=db dbname=app user=u") // { url: "postgres://u@db/app" }
 */
export function postgresUrl(connectionString: string): { url: string } | { problem: string } {
  const text = connectionString.trim();
  const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : keywordsToUrl(text);
  if (typeof url !== "string") return url;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { problem: "must be a valid URL, e.g. postgres://user:pass@host:5432/db" };
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    return {
      problem: `must start with postgres:// or postgresql:// (or be keyword/value pairs, host=... dbname=...), not ${parsed.protocol}//`,
    };
  }
  const mode = parsed.searchParams.get("sslmode");
  if (mode !== null && !POSTGRES_SSL_MODES.includes(mode)) {
    return {
      problem: `must use an sslmode of ${POSTGRES_SSL_MODES.join(", ")}, not "${mode}"`,
    };
  }
  return { url: withQueryParts(parsed) ?? url };
}

/**
 * libpq also takes `user`, `password` and `dbname` as URL parameters; the driver would send
 * them to the server as settings. Moved into the URL's own parts, or null when there are none.
 */
function withQueryParts(url: URL): string | null {
  const query = url.searchParams;
  if (!query.has("user") && !query.has("password") && !query.has("dbname")) return null;
  const take = (name: string) => {
    const value = query.get(name);
    query.delete(name);
    return value;
  };
  const user = take("user");
  const password = take("password");
  const database = take("dbname");
  if (user !== null && url.username === "") url.username = encodeURIComponent(user);
  if (password !== null && url.password === "") url.password = encodeURIComponent(password);
  if (database !== null && (url.pathname === "" || url.pathname === "/")) {
    url.pathname = `/${encodeURIComponent(database)}`;
  }
  return url.toString();
}

/** libpq keywords that are parts of the URL rather than query parameters. */
const URL_PARTS = new Set(["host", "hostaddr", "port", "user", "password", "dbname"]);

/** A keyword/value string as a `postgres://` URL, or the problem with it. */
function keywordsToUrl(text: string): string | { problem: string } {
  const pairs = parseKeywords(text);
  if ("problem" in pairs) return pairs;
  const host = pairs.get("hostaddr") ?? pairs.get("host") ?? "localhost";
  if (host.includes("/") || host.includes(",")) {
    return { problem: "must name one host, by name or address (not a socket directory)" };
  }
  const port = pairs.get("port");
  if (port !== undefined && !/^\d{1,5}$/.test(port)) return { problem: "must have a numeric port" };
  const user = pairs.get("user");
  const password = pairs.get("password");
  const credentials =
    user !== undefined || password !== undefined
      ? `${encodeURIComponent(user ?? "")}${password !== undefined ? `:${encodeURIComponent(password)}` : ""}@`
      : "";
  const query = new URLSearchParams();
  for (const [key, value] of pairs) if (!URL_PARTS.has(key)) query.set(key, value);
  const search = query.size > 0 ? `?${query}` : "";
  const address = host.includes(":") ? `[${host}]` : encodeURIComponent(host);
  const database = pairs.get("dbname");
  return `postgres://${credentials}${address}${port ? `:${port}` : ""}/${database !== undefined ? encodeURIComponent(database) : ""}${search}`;
}

/**
 * libpq's `keyword = value` pairs, separated by spaces; a value may be single-quoted, and `\'`
 * and `\\` escape inside it. A keyword given twice keeps its last value, as in libpq.
 */
function parseKeywords(text: string): Map<string, string> | { problem: string } {
  const pairs = new Map<string, string>();
  const notPairs = {
    problem:
      "must be a postgres:// URL or keyword/value pairs (host=... port=... dbname=... user=...)",
  };
  let i = 0;
  const skipSpaces = () => {
    while (i < text.length && /\s/.test(text[i] as string)) i++;
  };
  for (skipSpaces(); i < text.length; skipSpaces()) {
    const keyword = /^[A-Za-z_]+/.exec(text.slice(i))?.[0];
    if (!keyword) return notPairs;
    i += keyword.length;
    skipSpaces();
    if (text[i] !== "=") return notPairs;
    i++;
    skipSpaces();
    let value = "";
    const quoted = text[i] === "'";
    if (quoted) i++;
    for (;;) {
      const c = text[i];
      if (c === undefined) {
        if (quoted) return { problem: "must close every quoted value" };
        break;
      }
      if (quoted ? c === "'" : /\s/.test(c)) {
        if (quoted) i++;
        break;
      }
      if (c === "\\" && i + 1 < text.length) {
        value += text[i + 1];
        i += 2;
        continue;
      }
      value += c;
      i++;
    }
    pairs.set(keyword.toLowerCase(), value);
  }
  return pairs.size > 0 ? pairs : notPairs;
}
