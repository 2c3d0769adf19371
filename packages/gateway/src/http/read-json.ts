import { Err, Ok, type Result } from "@lakesync/core";
import { type Problem, problem } from "./errors.js";

/** The default largest request body: 1 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** Deeper JSON is refused, so no validator or serializer recurses without bound. */
export const MAX_JSON_DEPTH = 64;

/**
 * Reads a request's JSON body. The size limit counts the bytes actually read from the stream,
 * so a chunked body or a lying `Content-Length` cannot pass it; a declared length over the
 * limit is refused without reading. Problems: UNSUPPORTED_MEDIA_TYPE (not `application/json`),
 * PAYLOAD_TOO_LARGE, INVALID_REQUEST (empty, not UTF-8, not JSON, nested too deeply).
 * Parse errors are never echoed: they quote the body.
 * @example
 * const body = await readJsonBody(c.req.raw, maxBodyBytes);
 * if (!body.ok) return errorResponse(c, body.error);
 */
export async function readJsonBody(
  request: Request,
  maxBytes: number,
): Promise<Result<unknown, Problem>> {
  if (!isJsonMediaType(request.headers.get("content-type"))) {
    await discard(request);
    return Err(problem("UNSUPPORTED_MEDIA_TYPE", "Content-Type must be application/json"));
  }
  const tooLarge = problem(
    "PAYLOAD_TOO_LARGE",
    `body is larger than the limit of ${maxBytes} bytes`,
  );
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > maxBytes) {
    await discard(request);
    return Err(tooLarge);
  }

  const bytes = await readLimited(request, maxBytes);
  if (bytes === "too-large") return Err(tooLarge);
  if (bytes.length === 0) return Err(problem("INVALID_REQUEST", "body is required"));

  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return Err(problem("INVALID_REQUEST", "body is not valid UTF-8"));
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return Err(problem("INVALID_REQUEST", "body is not valid JSON"));
  }
  if (!withinDepth(value, MAX_JSON_DEPTH)) {
    return Err(problem("INVALID_REQUEST", `body is nested deeper than ${MAX_JSON_DEPTH} levels`));
  }
  return Ok(value);
}

/** `application/json` or any `application/*+json`, with or without parameters. */
export function isJsonMediaType(header: string | null): boolean {
  if (header === null) return false;
  const type = (header.split(";")[0] ?? "").trim().toLowerCase();
  return type === "application/json" || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}

async function readLimited(request: Request, maxBytes: number): Promise<Uint8Array | "too-large"> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      return "too-large";
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** Drops an unread body so the connection can be reused. */
async function discard(request: Request): Promise<void> {
  await request.body?.cancel().catch(() => {});
}

/** Whether arrays and objects nest at most `max` levels, checked without recursion. */
function withinDepth(root: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[root, 1]];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const [value, depth] = item;
    if (typeof value !== "object" || value === null) continue;
    if (depth > max) return false;
    for (const child of Array.isArray(value) ? value : Object.values(value)) {
      if (typeof child === "object" && child !== null) stack.push([child, depth + 1]);
    }
  }
  return true;
}
