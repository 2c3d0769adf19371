/** The JQL used when the connector has none: bounded (search/jql refuses an unbounded query) yet matching every issue. */
export const DEFAULT_JQL = 'updated >= "1970-01-01 00:00"';

/** How far back of the cursor each incremental search starts: JQL dates have minute precision. */
export const CURSOR_OVERLAP_MS = 60_000;

/**
 * The JQL of one search: the user's query (its own `ORDER BY` dropped) in parentheses so an
 * `OR` in it cannot escape the filter, `AND updated >= "since"` when incremental, and
 * `ORDER BY updated ASC` so the cursor can move while paging.
 * @example
 * buildSearchJql("project = A OR project = B", "2024-05-01 09:59");
 * // '(project = A OR project = B) AND updated >= "2024-05-01 09:59" ORDER BY updated ASC'
 */
export function buildSearchJql(userJql: string | undefined, since: string | null): string {
  const scope = stripOrderBy(userJql ?? "");
  const filters: string[] = [];
  if (scope !== "") filters.push(`(${scope})`);
  if (since !== null) filters.push(`updated >= "${since}"`);
  if (filters.length === 0) filters.push(DEFAULT_JQL);
  return `${filters.join(" AND ")} ORDER BY updated ASC`;
}

// A trailing ORDER BY outside quotes. Quoted strings are skipped so `summary ~ "order by"` stays.
function stripOrderBy(jql: string): string {
  const trimmed = jql.trim();
  let quote: string | null = null;
  for (let i = 0; i < trimmed.length; i++) {
    const ch = trimmed[i];
    if (quote !== null) {
      if (ch === "\\") i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      continue;
    }
    if (
      /^order\s+by\b/i.test(trimmed.slice(i)) &&
      (i === 0 || /\s|\)/.test(trimmed[i - 1] ?? ""))
    ) {
      return trimmed.slice(0, i).trim();
    }
  }
  return trimmed;
}

/**
 * An instant as a JQL date, `yyyy-MM-dd HH:mm`, in the Jira user's time zone (JQL reads dates
 * in it), rounded down to the minute. An unknown time zone falls back to UTC.
 * @example formatJqlDate(Date.parse("2024-01-15T15:30:59Z"), "America/New_York") // "2024-01-15 10:30"
 */
export function formatJqlDate(epochMs: number, timeZone: string): string {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
  } catch {
    return formatJqlDate(epochMs, "UTC");
  }
  const parts: Record<string, string> = {};
  for (const part of format.formatToParts(new Date(epochMs))) parts[part.type] = part.value;
  const year = (parts.year ?? "1970").padStart(4, "0");
  return `${year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}
