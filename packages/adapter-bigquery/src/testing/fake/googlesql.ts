/**
 * Translates the subset of GoogleSQL (BigQuery standard SQL) that LakeSync and its tests use
 * into PostgreSQL, so the fake evaluates queries with a real SQL engine. Datasets are
 * PostgreSQL schemas; `project.dataset.table` drops the project; named parameters `@x` become
 * typed placeholders; string literals keep their GoogleSQL escapes; `IN UNNEST(@xs)`,
 * `BEGIN/COMMIT TRANSACTION`, `CURRENT_TIMESTAMP()` and the GoogleSQL type names map to
 * their PostgreSQL forms. A script (`;`-separated) becomes one translated statement each.
 */

/** A named parameter as jobs.query sends it (`queryParameters[]`). */
export interface QueryParameter {
  readonly name?: string;
  readonly parameterType: ParameterType;
  readonly parameterValue?: ParameterValue;
}

export interface ParameterType {
  readonly type: string;
  readonly arrayType?: ParameterType;
}

export interface ParameterValue {
  readonly value?: string | null;
  readonly arrayValues?: readonly ParameterValue[];
}

/** One PostgreSQL statement and its positional values. */
export interface TranslatedStatement {
  readonly text: string;
  readonly params: (string | string[] | null)[];
}

/** A query the fake cannot accept, with BigQuery's wording. */
export class GoogleSqlError extends Error {
  override readonly name = "GoogleSqlError";
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  STRING: "text",
  INT64: "bigint",
  FLOAT64: "double precision",
  BOOL: "boolean",
  BYTES: "bytea",
  BIGNUMERIC: "numeric",
  BIGDECIMAL: "numeric",
  DATETIME: "timestamp",
  TIMESTAMP: "timestamptz",
  JSON: "jsonb",
};

/** The PostgreSQL type a parameter of a BigQuery type is cast to. */
function pgType(type: ParameterType): string {
  if (type.type === "ARRAY") return `${pgType(type.arrayType ?? { type: "STRING" })}[]`;
  const name = type.type.toUpperCase();
  if (name === "INTEGER") return "bigint";
  if (name === "FLOAT") return "double precision";
  if (name === "BOOLEAN") return "boolean";
  if (name === "NUMERIC" || name === "DATE" || name === "TIME") return name.toLowerCase();
  const mapped = TYPE_NAMES[name];
  if (!mapped) throw new GoogleSqlError(`Unsupported query parameter type ${type.type}`);
  return mapped;
}

type Token =
  | { kind: "space" | "punct" | "word" | "number"; text: string }
  | { kind: "string"; value: string }
  | { kind: "quoted"; parts: string[] }
  | { kind: "param"; name: string };

/** Splits GoogleSQL into tokens; comments are dropped. */
export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i] as string;
    const rest = sql.slice(i);
    if (/\s/.test(c)) {
      const m = /^\s+/.exec(rest) as RegExpExecArray;
      tokens.push({ kind: "space", text: m[0] });
      i += m[0].length;
    } else if (rest.startsWith("--") || c === "#") {
      const end = sql.indexOf("\n", i);
      i = end === -1 ? sql.length : end;
      tokens.push({ kind: "space", text: " " });
    } else if (rest.startsWith("/*")) {
      const end = sql.indexOf("*/", i + 2);
      if (end === -1) throw new GoogleSqlError("Syntax error: Unclosed comment");
      i = end + 2;
      tokens.push({ kind: "space", text: " " });
    } else if (c === "'" || c === '"' || (/[rR]/.test(c) && /^[rR]['"]/.test(rest))) {
      const raw = c === "r" || c === "R";
      const read = readString(sql, raw ? i + 1 : i, raw);
      tokens.push({ kind: "string", value: read.value });
      i = read.end;
    } else if (c === "`") {
      const end = sql.indexOf("`", i + 1);
      if (end === -1) throw new GoogleSqlError("Syntax error: Unclosed identifier literal");
      tokens.push({ kind: "quoted", parts: sql.slice(i + 1, end).split(".") });
      i = end + 1;
    } else if (c === "@" && /^@[A-Za-z_]/.test(rest)) {
      const m = /^@([A-Za-z_][A-Za-z0-9_]*)/.exec(rest) as RegExpExecArray;
      tokens.push({ kind: "param", name: m[1] as string });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest) as RegExpExecArray;
      tokens.push({ kind: "word", text: m[0] });
      i += m[0].length;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]*)?([eE][+-]?[0-9]+)?/.exec(rest) as RegExpExecArray;
      tokens.push({ kind: "number", text: m[0] });
      i += m[0].length;
    } else {
      const m = /^(<>|!=|<=|>=|\|\||::)/.exec(rest);
      const text = m ? m[0] : c;
      tokens.push({ kind: "punct", text });
      i += text.length;
    }
  }
  return tokens;
}

const ESCAPES: Readonly<Record<string, string>> = {
  n: "\n",
  r: "\r",
  t: "\t",
  b: "\b",
  f: "\f",
  v: "\v",
  a: "\x07",
  "\\": "\\",
  "'": "'",
  '"': '"',
  "`": "`",
  "?": "?",
};

/** Reads a quoted GoogleSQL string (single, double or triple quotes; raw with `r`). */
function readString(sql: string, start: number, raw: boolean): { value: string; end: number } {
  const quote = sql[start] as string;
  const triple = sql.startsWith(quote.repeat(3), start);
  const close = triple ? quote.repeat(3) : quote;
  let i = start + close.length;
  let value = "";
  while (i < sql.length) {
    if (sql.startsWith(close, i)) return { value, end: i + close.length };
    const c = sql[i] as string;
    if (c === "\\" && !raw) {
      const next = sql[i + 1] ?? "";
      if (next === "u" || next === "x") {
        const len = next === "u" ? 4 : 2;
        value += String.fromCharCode(Number.parseInt(sql.slice(i + 2, i + 2 + len), 16));
        i += 2 + len;
        continue;
      }
      const escaped = ESCAPES[next];
      if (escaped === undefined)
        throw new GoogleSqlError(`Syntax error: Illegal escape sequence: \\${next}`);
      value += escaped;
      i += 2;
      continue;
    }
    if (!triple && c === "\n") break;
    value += c;
    i += 1;
  }
  throw new GoogleSqlError("Syntax error: Unclosed string literal");
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Translates a GoogleSQL query or script into PostgreSQL statements. `projectId` is the
 * project whose name may prefix table paths.
 */
export function translate(
  sql: string,
  parameters: readonly QueryParameter[],
  projectId: string,
): TranslatedStatement[] {
  const byName = new Map<string, QueryParameter>();
  for (const p of parameters) if (p.name) byName.set(p.name.toLowerCase(), p);
  const statements: TranslatedStatement[] = [];
  let out = "";
  let params: (string | string[] | null)[] = [];
  const slots = new Map<string, number>();
  const flush = () => {
    if (out.trim() !== "") statements.push({ text: out.trim(), params });
    out = "";
    params = [];
    slots.clear();
  };

  const tokens = tokenize(sql);
  const significant = (from: number, step: 1 | -1): Token | undefined => {
    for (let j = from; j >= 0 && j < tokens.length; j += step) {
      const t = tokens[j] as Token;
      if (t.kind !== "space") return t;
    }
    return undefined;
  };
  const isWord = (t: Token | undefined, word: string) =>
    t?.kind === "word" && t.text.toUpperCase() === word;

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    switch (token.kind) {
      case "space":
      case "number":
        out += token.text;
        break;
      case "string":
        out += `'${token.value.replaceAll("'", "''")}'`;
        break;
      case "quoted": {
        // `project.dataset.table` (one quoted path, or a quoted project before .dataset.table).
        let parts = token.parts;
        if (parts.length === 3 && parts[0] === projectId) parts = parts.slice(1);
        if (parts.length === 1 && parts[0] === projectId && tokens[i + 1]?.kind === "punct") {
          const dot = tokens[i + 1] as { text: string };
          if (dot.text === ".") {
            i += 1;
            break;
          }
        }
        out += parts.map(quoteIdent).join(".");
        break;
      }
      case "param": {
        const parameter = byName.get(token.name.toLowerCase());
        if (!parameter) throw new GoogleSqlError(`Query parameter '${token.name}' not found`);
        let slot = slots.get(token.name.toLowerCase());
        if (slot === undefined) {
          params.push(parameterValue(parameter));
          slot = params.length;
          slots.set(token.name.toLowerCase(), slot);
        }
        out += `($${slot}::${pgType(parameter.parameterType)})`;
        break;
      }
      case "punct":
        if (token.text === ";") flush();
        else out += token.text;
        break;
      case "word": {
        const upper = token.text.toUpperCase();
        const previous = significant(i - 1, -1);
        const next = significant(i + 1, 1);
        const afterDot = previous?.kind === "punct" && previous.text === ".";
        if (upper === "IN" && isWord(next, "UNNEST")) {
          // `x IN UNNEST(@xs)` → `x = ANY(@xs)`.
          out += "= ANY";
          i = tokens.indexOf(next as Token);
        } else if (upper === "TRANSACTION" && isTransactionVerb(previous)) {
          // BEGIN/COMMIT/ROLLBACK TRANSACTION: PostgreSQL takes the bare verb.
        } else if (upper === "CURRENT_TIMESTAMP" && next?.kind === "punct" && next.text === "(") {
          out += "CURRENT_TIMESTAMP";
          const open = tokens.indexOf(next);
          const close = significant(open + 1, 1);
          if (close?.kind === "punct" && close.text === ")") i = tokens.indexOf(close);
        } else if (
          !afterDot &&
          TYPE_NAMES[upper] &&
          !(next?.kind === "punct" && next.text === ".")
        ) {
          out += TYPE_NAMES[upper];
        } else {
          out += token.text;
        }
        break;
      }
    }
  }
  flush();
  return statements;
}

const isTransactionVerb = (t: Token | undefined) =>
  t?.kind === "word" && ["BEGIN", "COMMIT", "ROLLBACK"].includes(t.text.toUpperCase());

/** A parameter's value as PostgreSQL text (arrays as text arrays; BYTES from base64). */
function parameterValue(parameter: QueryParameter): string | string[] | null {
  const { parameterType: type, parameterValue: value } = parameter;
  if (type.type === "ARRAY") {
    return (value?.arrayValues ?? []).map((v) => scalar(type.arrayType?.type ?? "STRING", v.value));
  }
  const text = value?.value;
  return text === undefined || text === null ? null : scalar(type.type, text);
}

function scalar(type: string, text: string | null | undefined): string {
  if (text === undefined || text === null) return "";
  if (type === "BYTES") return `\\x${Buffer.from(text, "base64").toString("hex")}`;
  return text;
}
