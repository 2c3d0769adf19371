/**
 * A JQL subset for the fake Jira: `field op value` with `=`, `!=`, `>`, `>=`, `<`, `<=`, `in (...)`,
 * `AND`, `OR`, parentheses and `ORDER BY field [ASC|DESC], ...`. Fields: project, key,
 * status, updated, created. Dates `"yyyy-MM-dd HH:mm"` are read in the user's time zone,
 * as Jira does.
 */
export interface JqlIssueView {
  readonly key: string;
  readonly project: string;
  readonly status: string;
  readonly updated: number;
  readonly created: number;
}

export interface ParsedJql {
  /** Null for a query without any restriction (Jira's "unbounded" query). */
  readonly where: ((issue: JqlIssueView) => boolean) | null;
  readonly orderBy: readonly { field: string; desc: boolean }[];
}

type Token = { kind: "word" | "string" | "op" | "paren" | "comma"; text: string };

function tokenize(jql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < jql.length) {
    const ch = jql[i] ?? "";
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '"' || ch === "'") {
      let j = i + 1;
      let text = "";
      while (j < jql.length && jql[j] !== ch) {
        if (jql[j] === "\\") j++;
        text += jql[j] ?? "";
        j++;
      }
      tokens.push({ kind: "string", text });
      i = j + 1;
    } else if (ch === "(" || ch === ")") {
      tokens.push({ kind: "paren", text: ch });
      i++;
    } else if (ch === ",") {
      tokens.push({ kind: "comma", text: ch });
      i++;
    } else if ("=!<>~".includes(ch)) {
      const two = jql.slice(i, i + 2);
      const op = [">=", "<=", "!=", "!~"].includes(two) ? two : ch;
      tokens.push({ kind: "op", text: op });
      i += op.length;
    } else {
      let j = i;
      while (j < jql.length && /[^\s()=!<>~,"']/.test(jql[j] ?? "")) j++;
      tokens.push({ kind: "word", text: jql.slice(i, j) });
      i = j;
    }
  }
  return tokens;
}

export class JqlError extends Error {}

/** Parses the subset; throws JqlError (the fake answers 400) on anything else. */
export function parseJql(jql: string, timeZone: string): ParsedJql {
  const tokens = tokenize(jql);
  let pos = 0;
  const peek = () => tokens[pos];
  const isWord = (t: Token | undefined, w: string) =>
    t?.kind === "word" && t.text.toLowerCase() === w;

  const value = (): string => {
    const t = tokens[pos++];
    if (!t || (t.kind !== "word" && t.kind !== "string")) throw new JqlError("Expected a value");
    return t.text;
  };

  const atom = (): ((i: JqlIssueView) => boolean) => {
    const t = peek();
    if (t?.kind === "paren" && t.text === "(") {
      pos++;
      const inner = or();
      const close = tokens[pos++];
      if (close?.text !== ")") throw new JqlError("Expected )");
      return inner;
    }
    const field = value().toLowerCase();
    if (isWord(peek(), "in") || (isWord(peek(), "not") && isWord(tokens[pos + 1], "in"))) {
      const negate = isWord(peek(), "not");
      pos += negate ? 2 : 1;
      if (tokens[pos++]?.text !== "(") throw new JqlError("Expected (");
      const values: string[] = [];
      while (peek() && peek()?.text !== ")") {
        values.push(value());
        if (peek()?.kind === "comma") pos++;
      }
      pos++;
      const cmps = values.map((v) => comparator(field, v, timeZone));
      return (i) => cmps.some((cmp) => cmp(i) === 0) !== negate;
    }
    const op = tokens[pos++];
    if (op?.kind !== "op") throw new JqlError(`Expected an operator after ${field}`);
    const cmp = comparator(field, value(), timeZone);
    return (i) => {
      const c = cmp(i);
      switch (op.text) {
        case "=":
          return c === 0;
        case "!=":
          return c !== 0;
        case ">":
          return c > 0;
        case ">=":
          return c >= 0;
        case "<":
          return c < 0;
        case "<=":
          return c <= 0;
        default:
          throw new JqlError(`Unsupported operator ${op.text}`);
      }
    };
  };
  const and = () => {
    const parts = [atom()];
    while (isWord(peek(), "and")) {
      pos++;
      parts.push(atom());
    }
    return (i: JqlIssueView) => parts.every((p) => p(i));
  };
  function or(): (i: JqlIssueView) => boolean {
    const parts = [and()];
    while (isWord(peek(), "or")) {
      pos++;
      parts.push(and());
    }
    return (i) => parts.some((p) => p(i));
  }

  let where: ParsedJql["where"] = null;
  if (peek() && !isWord(peek(), "order")) where = or();
  const orderBy: { field: string; desc: boolean }[] = [];
  if (isWord(peek(), "order")) {
    pos++;
    if (!isWord(tokens[pos++], "by")) throw new JqlError("Expected BY");
    while (peek()) {
      const field = value().toLowerCase();
      let desc = false;
      if (isWord(peek(), "asc") || isWord(peek(), "desc")) desc = value().toLowerCase() === "desc";
      orderBy.push({ field, desc });
      if (peek()?.kind === "comma") pos++;
    }
  }
  if (pos < tokens.length) throw new JqlError(`Unexpected ${tokens[pos]?.text}`);
  return { where, orderBy };
}

function comparator(field: string, value: string, timeZone: string): (i: JqlIssueView) => number {
  switch (field) {
    case "project":
      return (i) => i.project.localeCompare(value);
    case "key":
    case "issuekey":
      return (i) => i.key.localeCompare(value);
    case "status":
      return (i) => i.status.toLowerCase().localeCompare(value.toLowerCase());
    case "updated":
    case "created": {
      const at = parseJqlDate(value, timeZone);
      return (i) => i[field] - at;
    }
    default:
      throw new JqlError(
        `Field '${field}' does not exist or you do not have permission to view it.`,
      );
  }
}

/** `yyyy-MM-dd[ HH:mm]` in `timeZone`, as epoch ms. */
export function parseJqlDate(text: string, timeZone: string): number {
  const m = /^(\d{4})[-/](\d{2})[-/](\d{2})(?: (\d{2}):(\d{2}))?$/.exec(text);
  if (!m) throw new JqlError(`Date value '${text}' for field is invalid.`);
  const local = Date.UTC(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4] ?? 0),
    Number(m[5] ?? 0),
  );
  let guess = local - offsetOf(local, timeZone);
  guess = local - offsetOf(guess, timeZone);
  return guess;
}

/** The offset of `timeZone` from UTC at `epochMs`, in ms (New York in winter: -5 h). */
export function offsetOf(epochMs: number, timeZone: string): number {
  const parts: Record<string, string> = {};
  const format = new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  });
  for (const p of format.formatToParts(new Date(epochMs))) parts[p.type] = p.value;
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}
