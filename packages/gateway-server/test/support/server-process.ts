import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { waitFor } from "./wait.js";

/** The package directory: where `bun src/main.ts` (the `start` script) runs. */
export const PACKAGE_DIR = fileURLToPath(new URL("../..", import.meta.url));

/** A JSON log line of the server. */
export type LogLine = Record<string, unknown> & { level: string; msg: string; time: string };

export interface ExitStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A `lakesync-gateway` process started the way `npm start` starts it. */
export interface ServerProcess {
  readonly child: ChildProcess;
  /** Everything written so far. */
  stdout(): string;
  stderr(): string;
  /** The JSON log lines written so far (the dev token block is not JSON and is skipped). */
  logs(): LogLine[];
  readonly exited: Promise<ExitStatus>;
  /** Resolves with the `listening` line's url, or rejects when the process exits first. */
  listening(timeoutMs?: number): Promise<string>;
  /** Sends a signal and waits for the exit. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<ExitStatus>;
}

const running = new Set<ChildProcess>();

/**
 * Spawns `bun --conditions=@lakesync/source src/main.ts` (workspace packages from source,
 * as under vitest, so the test never runs a stale build) with only PATH and HOME from this
 * environment plus `env`.
 */
export function spawnServer(env: Record<string, string>): ServerProcess {
  const child = spawn(
    process.env.BUN_BINARY ?? "bun",
    ["--conditions=@lakesync/source", "src/main.ts"],
    {
      cwd: PACKAGE_DIR,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  running.add(child);
  let out = "";
  let err = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    out += chunk;
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    err += chunk;
  });
  let done: ExitStatus | null = null;
  const exited = new Promise<ExitStatus>((resolve) => {
    child.on("exit", (code, signal) => {
      running.delete(child);
      done = { code, signal };
      // Let the pipes drain before reporting.
      setImmediate(() => resolve({ code, signal }));
    });
  });

  const logs = (): LogLine[] =>
    out
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as LogLine);

  return {
    child,
    stdout: () => out,
    stderr: () => err,
    logs,
    exited,
    async listening(timeoutMs = 45_000) {
      const line = await waitFor(
        "the listening log line",
        () => {
          if (done) {
            throw new Error(
              `The server exited (${JSON.stringify(done)}) before listening.\nstderr: ${err}\nstdout: ${out}`,
            );
          }
          return logs().find((l) => l.msg === "listening");
        },
        { timeoutMs },
      );
      return String(line.url);
    },
    async stop(signal = "SIGTERM", timeoutMs = 30_000) {
      if (!done) child.kill(signal);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`The server did not exit within ${timeoutMs} ms of ${signal}`)),
          timeoutMs,
        );
      });
      try {
        return await Promise.race([exited, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** Kills (SIGKILL) every server process a test left running. For `afterAll`. */
export function killLeftovers(): void {
  for (const child of running) child.kill("SIGKILL");
  running.clear();
}
