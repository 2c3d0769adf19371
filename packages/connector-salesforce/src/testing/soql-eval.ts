/**
 * The SOQL subset the fake Salesforce understands: `SELECT` fields (relationship paths such as
 * `Owner.Name` included) `FROM` one object, `WHERE` with `= != <> < <= > >=`, `AND`, `OR`,
 * `NOT` and parentheses over strings, numbers, booleans, `null`, date and date-time literals,
 * `ORDER BY` fields `ASC`/`DESC`, `LIMIT`. Errors carry Salesforce's `errorCode`.
 */
export class SoqlError extends Error {
  constructor(
    readonly errorCode: "MALFORMED_QUERY" | "INVALID_FIELD" | "INVALID_TYPE",
    message: string,
  ) {
    super(message);
  }
}

export type SoqlValue = string | number | boolean | null;

/** A literal as written: date-times become epoch ms, dates stay `YYYY-MM-DD` text. */
type Literal =
  | { readonly kind: "datetime"; readonly ms: number }
  | { readonly kind: "value"; readonly value: SoqlValue };

export type Condition =
  | { readonly op: "and" | "or"; readonly left: Condition; readonly right: Condition }
  | { readonly op: "not"; readonly inner: Condition }
  | { readonly op: "cmp"; readonly field: string; readonly cmp: string; readonly literal: Literal };

export interface SoqlQuery {
  readonly fields: readonly string[];
  readonly object: string;
  readonly where: Condition | null;
  readonly orderBy: readonly { readonly field: string; readonly desc: boolean }[];
  readonly limit: number | null;
}

const TOKEN =
  /\s*(?:(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2}))|(\d{4}-\d{2}-\d{2})|('(?:[^'\\]|\\.)*')|(-?\d+(?:\.\d+)?)|(!=|<>|<=|>=|=|<|>|\(|\)|,)|([A-Za-z_][A-Za-z0-9_.]*))/y;

type Token = { kind: "datetime" | "date" | "string" | "number" | "op" | "word"; text: string };

function tokenize(soql: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (soql.slice(at).trim() !== "") {
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(soql);
    if (!m)
      throw new SoqlError(
        "MALFORMED_QUERY",
        `unexpected token: '${soql.slice(at).trim().split(/\s/)[0]}'`,
      );
    at = TOKEN.lastIndex;
    const kinds = ["datetime", "date", "string", "number", "op", "word"] as const;
    const index = m.slice(1).findIndex((g) => g !== undefined);
    tokens.push({ kind: kinds[index] ?? "word", text: m[index + 1] ?? "" });
  }
  return tokens;
}

/** Parses one query; throws SoqlError(MALFORMED_QUERY) on what it does not understand. */
export function parseSoql(soql: string): SoqlQuery {
  const tokens = tokenize(soql);
  let i = 0;
  const peek = () => tokens[i];
  const isWord = (word: string) => peek()?.kind === "word" && peek()?.text.toUpperCase() === word;
  const expectWord = (word: string) => {
    if (!isWord(word))
      throw new SoqlError(
        "MALFORMED_QUERY",
        `expecting '${word}', found '${peek()?.text ?? "EOF"}'`,
      );
    i++;
  };
  const field = () => {
    const t = tokens[i++];
    if (t?.kind !== "word")
      throw new SoqlError("MALFORMED_QUERY", `unexpected token: '${t?.text ?? "EOF"}'`);
    return t.text;
  };

  expectWord("SELECT");
  const fields = [field()];
  while (peek()?.text === ",") {
    i++;
    fields.push(field());
  }
  expectWord("FROM");
  const object = field();

  const literal = (): Literal => {
    const t = tokens[i++];
    if (!t) throw new SoqlError("MALFORMED_QUERY", "unexpected end of query");
    if (t.kind === "datetime") {
      const ms = Date.parse(t.text.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
      if (Number.isNaN(ms)) throw new SoqlError("MALFORMED_QUERY", `invalid date-time: ${t.text}`);
      return { kind: "datetime", ms };
    }
    if (t.kind === "date") return { kind: "value", value: t.text };
    if (t.kind === "string")
      return { kind: "value", value: t.text.slice(1, -1).replace(/\\(.)/g, "$1") };
    if (t.kind === "number") return { kind: "value", value: Number(t.text) };
    const word = t.text.toLowerCase();
    if (word === "true" || word === "false") return { kind: "value", value: word === "true" };
    if (word === "null") return { kind: "value", value: null };
    throw new SoqlError("MALFORMED_QUERY", `unexpected token: '${t.text}'`);
  };
  const primary = (): Condition => {
    if (peek()?.text === "(") {
      i++;
      const inner = or();
      if (tokens[i++]?.text !== ")") throw new SoqlError("MALFORMED_QUERY", "expecting ')'");
      return inner;
    }
    if (isWord("NOT")) {
      i++;
      return { op: "not", inner: primary() };
    }
    const f = field();
    const cmp = tokens[i++];
    if (cmp?.kind !== "op" || cmp.text === "(" || cmp.text === ")" || cmp.text === ",") {
      throw new SoqlError("MALFORMED_QUERY", `unexpected token: '${cmp?.text ?? "EOF"}'`);
    }
    return { op: "cmp", field: f, cmp: cmp.text === "<>" ? "!=" : cmp.text, literal: literal() };
  };
  const and = (): Condition => {
    let left = primary();
    while (isWord("AND")) {
      i++;
      left = { op: "and", left, right: primary() };
    }
    return left;
  };
  const or = (): Condition => {
    let left = and();
    while (isWord("OR")) {
      i++;
      left = { op: "or", left, right: and() };
    }
    return left;
  };

  let where: Condition | null = null;
  if (isWord("WHERE")) {
    i++;
    where = or();
  }
  const orderBy: { field: string; desc: boolean }[] = [];
  if (isWord("ORDER")) {
    i++;
    expectWord("BY");
    do {
      if (peek()?.text === ",") i++;
      const f = field();
      let desc = false;
      if (isWord("ASC") || isWord("DESC")) desc = tokens[i++]?.text.toUpperCase() === "DESC";
      orderBy.push({ field: f, desc });
    } while (peek()?.text === ",");
  }
  let limit: number | null = null;
  if (isWord("LIMIT")) {
    i++;
    const t = tokens[i++];
    if (t?.kind !== "number")
      throw new SoqlError("MALFORMED_QUERY", "expecting a number after LIMIT");
    limit = Number(t.text);
  }
  if (i < tokens.length)
    throw new SoqlError("MALFORMED_QUERY", `unexpected token: '${tokens[i]?.text}'`);
  return { fields, object, where, orderBy, limit };
}

/** Every field a query names (SELECT, WHERE, ORDER BY), for validation against an object. */
export function namedFields(query: SoqlQuery): string[] {
  const out = [...query.fields, ...query.orderBy.map((o) => o.field)];
  const walk = (c: Condition | null) => {
    if (!c) return;
    if (c.op === "cmp") out.push(c.field);
    else if (c.op === "not") walk(c.inner);
    else {
      walk(c.left);
      walk(c.right);
    }
  };
  walk(query.where);
  return out;
}

/** Reads a field (or relationship path) of a record; date-times are epoch ms. */
export type FieldReader = (field: string) => SoqlValue;

export function matches(condition: Condition | null, read: FieldReader): boolean {
  if (!condition) return true;
  switch (condition.op) {
    case "and":
      return matches(condition.left, read) && matches(condition.right, read);
    case "or":
      return matches(condition.left, read) || matches(condition.right, read);
    case "not":
      return !matches(condition.inner, read);
    default: {
      const value = read(condition.field);
      const lit = condition.literal;
      const other = lit.kind === "datetime" ? lit.ms : lit.value;
      if (condition.cmp === "=") return value === other;
      if (condition.cmp === "!=") return value !== other;
      if (value === null || other === null || typeof value !== typeof other) return false;
      const order = value < other ? -1 : value > other ? 1 : 0;
      if (condition.cmp === "<") return order < 0;
      if (condition.cmp === "<=") return order <= 0;
      if (condition.cmp === ">") return order > 0;
      return order >= 0;
    }
  }
}
