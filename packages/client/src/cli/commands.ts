import type { ConnectorConfigInput, ConnectorDescriptor, SyncRules } from "@lakesync/core";
import { LakeSyncClient } from "../client.js";
import type { ConnectorStatus } from "../wire.js";
import { type ParsedArgs, UsageError } from "./args.js";
import { readJsonInput } from "./input.js";
import type { CliIo } from "./io.js";
import { resolveConnection, resolveUrl } from "./settings.js";
import { renderTable } from "./table.js";

/** What a command prints: `json` with `--json`, `text` with `--table`. */
export interface CommandResult {
  readonly json: unknown;
  readonly text: string;
}

export interface CommandContext {
  readonly args: ParsedArgs;
  /** The positionals after the command's words (`NAME` of `connectors remove NAME`). */
  readonly operands: readonly string[];
  readonly io: CliIo;
}

/** One CLI command. */
export interface Command {
  /** Its words: `connectors add`. */
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  /** More help, one line each. */
  readonly details: readonly string[];
  /** Names of its operands, in order. */
  readonly operands: readonly string[];
  readonly run: (ctx: CommandContext) => Promise<CommandResult>;
}

const adminClient = (ctx: CommandContext) =>
  new LakeSyncClient({ ...resolveConnection(ctx.args, ctx.io.env), fetch: ctx.io.fetch });

/** Every command, in help order. */
export const COMMANDS: readonly Command[] = [
  {
    name: "types",
    usage: "lakesync types [--url URL]",
    summary: "List the connector types the server knows (built-in and custom)",
    details: ["Needs only the server URL: no gateway id, no token."],
    operands: [],
    run: async (ctx) => {
      const client = new LakeSyncClient({
        url: resolveUrl(ctx.args, ctx.io.env),
        gatewayId: "-",
        fetch: ctx.io.fetch,
      });
      const types = await client.connectorTypes();
      return {
        json: types,
        text: renderTable<ConnectorDescriptor>(types, [
          { heading: "TYPE", cell: (t) => t.type },
          { heading: "NAME", cell: (t) => t.displayName },
          { heading: "CATEGORY", cell: (t) => t.category },
          { heading: "DESCRIPTION", cell: (t) => t.description },
        ]),
      };
    },
  },
  {
    name: "connectors list",
    usage: "lakesync connectors list",
    summary: "List the gateway's connectors with their state (never a secret)",
    details: [],
    operands: [],
    run: async (ctx) => {
      const connectors = await adminClient(ctx).connectors.list();
      return {
        json: connectors,
        text:
          connectors.length === 0
            ? "No connectors."
            : renderTable<ConnectorStatus>(connectors, [
                { heading: "NAME", cell: (c) => c.name },
                { heading: "TYPE", cell: (c) => c.type },
                { heading: "STATE", cell: (c) => c.state },
                { heading: "POLLING", cell: (c) => (c.isPolling ? "yes" : "no") },
                { heading: "LAST POLL", cell: (c) => c.lastPollAt },
                { heading: "POLLS", cell: (c) => c.counters.polls },
                { heading: "DELTAS", cell: (c) => c.counters.deltasPushed },
                { heading: "LAST ERROR", cell: (c) => c.lastError },
              ]),
      };
    },
  },
  {
    name: "connectors add",
    usage: "lakesync connectors add -f FILE",
    summary: "Register a connector from a JSON file (-f - reads stdin)",
    details: [
      'FILE holds a ConnectorConfig: { "name", "type", "<type>": { ... }, "ingest"? }.',
      "Prefer -f - with a secret manager to keep connection strings out of files:",
      "  envsubst < connector.json | lakesync connectors add -f -",
    ],
    operands: [],
    run: async (ctx) => {
      const config = (await readJsonInput(ctx.args.file, ctx.io)) as ConnectorConfigInput;
      const result = await adminClient(ctx).connectors.register(config);
      const warnings = (result.warnings ?? []).map((w) => `warning: ${w}`);
      return {
        json: result,
        text: [`Registered connector ${result.name}.`, ...warnings].join("\n"),
      };
    },
  },
  {
    name: "connectors remove",
    usage: "lakesync connectors remove NAME",
    summary: "Stop and remove a connector",
    details: ["Stops its poller, closes its connection and deletes its stored config and state."],
    operands: ["NAME"],
    run: async (ctx) => {
      const result = await adminClient(ctx).connectors.unregister(ctx.operands[0] as string);
      return { json: result, text: `Removed connector ${result.name}.` };
    },
  },
  {
    name: "sync-rules set",
    usage: "lakesync sync-rules set -f FILE",
    summary: "Replace the gateway's sync rules from a JSON file (-f - reads stdin)",
    details: ['FILE holds { "buckets": [{ "name", "tables": [...], "filters": [...] }] }.'],
    operands: [],
    run: async (ctx) => {
      const rules = (await readJsonInput(ctx.args.file, ctx.io)) as SyncRules;
      const result = await adminClient(ctx).syncRules.set(rules);
      const plural = result.buckets === 1 ? "" : "s";
      return { json: result, text: `Sync rules updated: ${result.buckets} bucket${plural}.` };
    },
  },
];

/**
 * The command named by the leading positionals, and its operands. An unknown command, or a
 * wrong number of operands, is a `UsageError`; a group word alone (`connectors`) is
 * `undefined` with its name as `group`, for help.
 */
export function findCommand(
  positionals: readonly string[],
): { command: Command; operands: readonly string[] } | { group: string } {
  for (const command of COMMANDS) {
    const words = command.name.split(" ");
    if (words.every((w, i) => positionals[i] === w)) {
      const operands = positionals.slice(words.length);
      return { command, operands };
    }
  }
  const first = positionals[0] as string;
  if (positionals.length === 1 && COMMANDS.some((c) => c.name.startsWith(`${first} `))) {
    return { group: first };
  }
  throw new UsageError(`Unknown command "${positionals.join(" ")}"`);
}

/** Checks a command's operand count. */
export function checkOperands(command: Command, operands: readonly string[]): void {
  if (operands.length < command.operands.length) {
    throw new UsageError(`Missing ${command.operands[operands.length]}: ${command.usage}`);
  }
  if (operands.length > command.operands.length) {
    throw new UsageError(
      `Unexpected argument "${operands[command.operands.length]}": ${command.usage}`,
    );
  }
}
