import { UsageError } from "./args.js";
import type { CliIo } from "./io.js";

/** Reads the JSON document of `-f FILE` (`-f -`: stdin); unreadable or invalid input is a usage error. */
export async function readJsonInput(file: string | undefined, io: CliIo): Promise<unknown> {
  if (file === undefined) throw new UsageError("Missing -f FILE (a JSON file, or - for stdin)");
  const where = file === "-" ? "stdin" : file;
  let text: string;
  try {
    text = file === "-" ? await io.readStdin() : await io.readFile(file);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const reason =
      code === "ENOENT" ? "no such file" : error instanceof Error ? error.message : String(error);
    throw new UsageError(`Cannot read ${where}: ${reason}`);
  }
  if (text.trim() === "") throw new UsageError(`${where} is empty: expected a JSON document`);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(
      `${where} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
