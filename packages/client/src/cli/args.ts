/** A command line that cannot be run as given: printed with a hint, exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** The flags every command knows, and whether each takes a value. */
const FLAGS = {
  url: "value",
  gateway: "value",
  token: "value",
  file: "value",
  json: "boolean",
  table: "boolean",
  help: "boolean",
} as const;

type FlagName = keyof typeof FLAGS;

const SHORT: Readonly<Record<string, FlagName>> = { f: "file", h: "help" };

/** A parsed command line. */
export interface ParsedArgs {
  /** Words that are not flags, in order: `["connectors", "remove", "db"]`. */
  readonly positionals: readonly string[];
  readonly url?: string;
  readonly gateway?: string;
  readonly token?: string;
  readonly file?: string;
  readonly json: boolean;
  readonly table: boolean;
  readonly help: boolean;
}

/**
 * Parses `argv` (without node and the script): `--name value`, `--name=value`, `-f value`,
 * boolean `--json`, `--table`, `--help`/`-h`; `-` alone is a positional (stdin), `--` ends
 * the flags. Unknown flags and missing values are `UsageError`s.
 * @example
 * parseArgs(["connectors", "add", "-f", "-", "--json"]) // { positionals: ["connectors", "add"], file: "-", json: true, ... }
 */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const positionals: string[] = [];
  const values: Partial<Record<FlagName, string>> = {};
  const booleans: Partial<Record<FlagName, boolean>> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === "-" || !arg.startsWith("-")) {
      positionals.push(arg);
      continue;
    }
    const [rawName, inline] = splitFlag(arg);
    const name = arg.startsWith("--") ? rawName : SHORT[rawName];
    if (name === undefined || !Object.hasOwn(FLAGS, name)) {
      throw new UsageError(`Unknown option ${arg.split("=")[0]}`);
    }
    const flag = name as FlagName;
    if (FLAGS[flag] === "boolean") {
      if (inline !== undefined) throw new UsageError(`--${flag} takes no value`);
      booleans[flag] = true;
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === undefined && value.startsWith("-") && value !== "-")) {
      throw new UsageError(`--${flag} needs a value`);
    }
    values[flag] = value;
  }
  return {
    positionals,
    ...values,
    json: booleans.json ?? false,
    table: booleans.table ?? false,
    help: booleans.help ?? false,
  };
}

function splitFlag(arg: string): [string, string | undefined] {
  const body = arg.replace(/^--?/, "");
  const eq = body.indexOf("=");
  return eq === -1 ? [body, undefined] : [body.slice(0, eq), body.slice(eq + 1)];
}
