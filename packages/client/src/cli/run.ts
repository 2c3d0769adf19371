import { LakeSyncApiError, LakeSyncNetworkError } from "../errors.js";
import { type ParsedArgs, parseArgs, UsageError } from "./args.js";
import { checkOperands, findCommand } from "./commands.js";
import { commandHelp, generalHelp } from "./help.js";
import type { CliIo } from "./io.js";

/** Exit codes of the CLI. */
export const EXIT_OK = 0;
export const EXIT_API_ERROR = 1;
export const EXIT_USAGE = 2;

/**
 * Runs one `lakesync` command line and returns its exit code: 0 on success, 1 with the
 * server's `code: message` (and each validation issue on its own line) when the server
 * refused or could not be reached, 2 on a usage error. The token is never printed: any
 * output that would contain it has it replaced by `***`.
 * @example
 * process.exitCode = await runCli(process.argv.slice(2), nodeIo());
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let args: ParsedArgs | undefined;
  const secret = () => args?.token ?? io.env.LAKESYNC_TOKEN;
  const out = (text: string) => io.out(redact(text, secret()));
  const err = (text: string) => io.err(redact(text, secret()));
  try {
    args = parseArgs(argv);
    if (args.positionals.length === 0) {
      if (args.help) {
        out(generalHelp());
        return EXIT_OK;
      }
      err(generalHelp());
      return EXIT_USAGE;
    }
    const found = findCommand(args.positionals);
    if ("group" in found) {
      if (args.help) {
        out(generalHelp(found.group));
        return EXIT_OK;
      }
      err(generalHelp(found.group));
      return EXIT_USAGE;
    }
    if (args.help) {
      out(commandHelp(found.command));
      return EXIT_OK;
    }
    if (args.json && args.table) throw new UsageError("Pass --json or --table, not both");
    checkOperands(found.command, found.operands);
    const result = await found.command.run({ args, operands: found.operands, io });
    const asTable = args.table || (!args.json && io.stdoutIsTTY);
    out(asTable ? `${result.text}\n` : `${JSON.stringify(result.json, null, 2)}\n`);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError) {
      err(`lakesync: ${error.message}\nRun "lakesync --help" for usage.\n`);
      return EXIT_USAGE;
    }
    if (error instanceof LakeSyncApiError) {
      const issues = error.issues.map((i) =>
        i.message.includes(i.path) || i.path === ""
          ? `  - ${i.message}`
          : `  - ${i.path}: ${i.message}`,
      );
      err(`${[`${error.code}: ${error.message}`, ...issues].join("\n")}\n`);
      return EXIT_API_ERROR;
    }
    if (error instanceof LakeSyncNetworkError) {
      err(`NETWORK_ERROR: ${error.message}\n`);
      return EXIT_API_ERROR;
    }
    if (error instanceof TypeError) {
      err(`lakesync: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

/** `text` with every occurrence of `secret` replaced by `***`. */
function redact(text: string, secret: string | undefined): string {
  const value = secret?.trim();
  return value ? text.split(value).join("***") : text;
}
