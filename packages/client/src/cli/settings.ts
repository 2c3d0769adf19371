import type { ParsedArgs } from "./args.js";
import { UsageError } from "./args.js";

/** Where and as whom the CLI connects: flags first, then the environment. */
export interface ConnectionSettings {
  readonly url: string;
  readonly gatewayId: string;
  readonly token: string;
}

/** The server URL (`--url` or `LAKESYNC_URL`), for commands that need nothing else. */
export function resolveUrl(
  args: ParsedArgs,
  env: Readonly<Record<string, string | undefined>>,
): string {
  const url = pick(args.url, env.LAKESYNC_URL);
  if (url === undefined) {
    throw new UsageError(
      "No server URL: set LAKESYNC_URL or pass --url (e.g. http://localhost:3000)",
    );
  }
  if (!/^https?:\/\/[^/]/i.test(url)) {
    throw new UsageError(`The server URL must start with http:// or https://, got "${url}"`);
  }
  return url;
}

/** URL, gateway id (`--gateway`, `LAKESYNC_GATEWAY`) and token (`--token`, `LAKESYNC_TOKEN`). */
export function resolveConnection(
  args: ParsedArgs,
  env: Readonly<Record<string, string | undefined>>,
): ConnectionSettings {
  const url = resolveUrl(args, env);
  const gatewayId = pick(args.gateway, env.LAKESYNC_GATEWAY);
  if (gatewayId === undefined) {
    throw new UsageError("No gateway id: set LAKESYNC_GATEWAY or pass --gateway");
  }
  const token = pick(args.token, env.LAKESYNC_TOKEN);
  if (token === undefined) {
    throw new UsageError("No token: set LAKESYNC_TOKEN or pass --token (an admin JWT)");
  }
  return { url, gatewayId, token };
}

/** The first non-blank value. */
function pick(...values: (string | undefined)[]): string | undefined {
  return values.find((v) => v !== undefined && v.trim() !== "")?.trim();
}
