import { COMMANDS, type Command } from "./commands.js";

const OPTIONS = `Options:
  --url URL        Server URL (env LAKESYNC_URL), e.g. http://localhost:3000
  --gateway ID     Gateway id (env LAKESYNC_GATEWAY)
  --token JWT      Admin token (env LAKESYNC_TOKEN); prefer the environment variable
  --json           Print JSON (the default when stdout is not a terminal)
  --table          Print a readable table (the default on a terminal)
  -h, --help       Show help`;

const EXIT = `Exit codes: 0 success, 1 the server refused or could not be reached, 2 usage error.`;

/** `lakesync --help`, or the help of a group (`lakesync connectors --help`). */
export function generalHelp(group?: string): string {
  const commands = COMMANDS.filter((c) => group === undefined || c.name.startsWith(`${group} `));
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  const title =
    group === undefined
      ? "lakesync: manage a LakeSync gateway from scripts and CI/CD"
      : `lakesync ${group}`;
  return `${title}

Usage: lakesync ${group ?? "<command>"} ${group ? "<command> " : ""}[options]

Commands:
${lines.join("\n")}

${OPTIONS}

${EXIT}
Run "lakesync <command> --help" for a command's help.
`;
}

/** The help of one command. */
export function commandHelp(command: Command): string {
  const details = command.details.length > 0 ? `\n${command.details.join("\n")}\n` : "";
  return `${command.summary}

Usage: ${command.usage} [options]
${details}
${OPTIONS}

${EXIT}
`;
}
