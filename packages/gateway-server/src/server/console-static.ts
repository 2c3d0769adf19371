import { readFile, stat } from "node:fs/promises";
import { dirname, extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

/** Where the web console is served. */
export const CONSOLE_PATH = "/console";

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

/**
 * The console's build: `LAKESYNC_CONSOLE_DIR`, else `apps/console/dist` of this checkout
 * (found relative to this file, from `src/server` and `dist/server` alike).
 */
export function defaultConsoleDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const given = env.LAKESYNC_CONSOLE_DIR;
  if (given) return resolve(given);
  // Bundled or loaded from a non-file URL: no checkout to look in.
  if (!import.meta.url.startsWith("file:")) return undefined;
  // A path string, not `new URL(relative, base)`: a page-like test environment replaces `URL`.
  return resolve(dirname(fileURLToPath(import.meta.url)), "../../../../apps/console/dist");
}

/** True for `/console` and everything under it. */
export function isConsolePath(pathname: string): boolean {
  return pathname === CONSOLE_PATH || pathname.startsWith(`${CONSOLE_PATH}/`);
}

/**
 * Answers a GET or HEAD under `/console` from the built console in `dir`: a file with its
 * content type, `index.html` for `/console/` and for paths without an extension (the app's
 * own screens), 404 JSON when the file or the whole build is missing. Paths that leave `dir`
 * (`..`, encoded or not) are refused with 404.
 */
export async function serveConsole(dir: string | undefined, request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  if (!isConsolePath(pathname)) return notFound();
  if (pathname === CONSOLE_PATH) {
    return new Response(null, { status: 308, headers: { location: `${CONSOLE_PATH}/` } });
  }
  if (request.method !== "GET" && request.method !== "HEAD") {
    return jsonError(405, "METHOD_NOT_ALLOWED", "The console only answers GET and HEAD");
  }
  let relative: string;
  try {
    relative = decodeURIComponent(pathname.slice(CONSOLE_PATH.length + 1));
  } catch {
    return notFound();
  }
  if (relative.includes("\0")) return notFound();
  if (relative === "" || extname(relative) === "") relative = "index.html";
  if (dir === undefined) return notBuilt();
  const root = resolve(dir);
  const file = resolve(root, relative);
  if (!file.startsWith(root + sep)) return notFound();
  const body = await readRegularFile(file);
  if (!body) {
    const built = await readRegularFile(join(root, "index.html"));
    return built ? notFound() : notBuilt();
  }
  const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? "application/octet-stream";
  const immutable = relative.startsWith("assets/");
  return new Response(request.method === "HEAD" ? null : new Uint8Array(body), {
    status: 200,
    headers: {
      "content-type": type,
      "content-length": String(body.byteLength),
      "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
      "x-content-type-options": "nosniff",
    },
  });
}

async function readRegularFile(path: string): Promise<Buffer | null> {
  try {
    if (!(await stat(path)).isFile()) return null;
    return await readFile(path);
  } catch {
    return null;
  }
}

function notFound(): Response {
  return jsonError(404, "NOT_FOUND", "No such file in the console");
}

function jsonError(status: number, code: string, message: string): Response {
  return new Response(JSON.stringify({ error: { code, message } }), {
    status,
    headers: { "content-type": "application/json; charset=utf-8" },
  });
}

function notBuilt(): Response {
  return jsonError(
    404,
    "CONSOLE_NOT_BUILT",
    "The console is not built: run `bun run build` (or set LAKESYNC_CONSOLE_DIR)",
  );
}
