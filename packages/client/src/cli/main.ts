#!/usr/bin/env node
// The `lakesync` command (package.json `bin`): Node 20+ and Bun.
import { readFile } from "node:fs/promises";
import { runCli } from "./run.js";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

process.exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  stdoutIsTTY: process.stdout.isTTY === true,
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  readStdin,
  readFile: (path) => readFile(path, "utf8"),
});
