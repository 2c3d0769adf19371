/** What the CLI touches outside itself, so `runCli` runs the same in a process and in tests. */
export interface CliIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether stdout is a terminal: the default output is a table then, JSON otherwise. */
  readonly stdoutIsTTY: boolean;
  /** Writes to stdout. */
  readonly out: (text: string) => void;
  /** Writes to stderr. */
  readonly err: (text: string) => void;
  readonly readStdin: () => Promise<string>;
  readonly readFile: (path: string) => Promise<string>;
  /** Default `globalThis.fetch`. */
  readonly fetch?: typeof fetch | undefined;
}
