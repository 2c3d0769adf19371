import { Err, LakeSyncError, Ok, parseWith, type Result, ValidationError } from "@lakesync/core";
import { z } from "zod";
import type { ErrorBody } from "../http/errors.js";
import { optionalHlcWireZod, type RowDeltaJson, rowDeltaWireZod } from "../http/wire.js";

/**
 * The messages of `GET /sync/:gw/ws`, all JSON text frames, spoken alike by the self-hosted
 * server and the Cloudflare Worker.
 *
 * Client → server:
 * - `{ "type": "push", "id"?, "clientId"?, "deltas": [RowDelta JSON], "lastSeenHlc"? }`:
 *   the body of `POST /sync/:gw/push` (clientId defaults to the connection's), answered by
 *   an `ack` or an `error` carrying the same `id`.
 * - `{ "type": "ping", "id"? }`: answered by `{ "type": "pong", "id"? }` (browsers cannot
 *   send WebSocket pings).
 *
 * Server → client:
 * - `{ "type": "ack", "id"?, "serverHlc", "accepted" }`
 * - `{ "type": "error", "id"?, "error": { "code", "message", "issues"? } }`: the error body
 *   of the HTTP routes; the socket stays open.
 * - `{ "type": "deltas", "deltas": [...], "serverHlc" }`: changes other clients (and
 *   connector pollers) pushed, filtered by this client's claims and the sync rules.
 * - `{ "type": "pong", "id"? }`
 */

/** A client's correlation id, echoed in the answer. */
const messageIdZod = z.union([z.string().max(128), z.number()]);

export const wsPushMessageZod = z.strictObject({
  type: z.literal("push"),
  id: messageIdZod.optional(),
  clientId: z.string().min(1).max(256).optional(),
  deltas: z.array(rowDeltaWireZod),
  lastSeenHlc: optionalHlcWireZod,
});

export const wsPingMessageZod = z.strictObject({
  type: z.literal("ping"),
  id: messageIdZod.optional(),
});

export type WsPushMessage = z.output<typeof wsPushMessageZod>;
export type WsPingMessage = z.output<typeof wsPingMessageZod>;
export type WsClientMessage = WsPushMessage | WsPingMessage;
/** A client's correlation id. */
export type WsMessageId = string | number;

/** What the server sends. */
export type WsServerMessage =
  | {
      readonly type: "ack";
      readonly id?: WsMessageId;
      readonly serverHlc: string;
      readonly accepted: number;
    }
  | {
      readonly type: "deltas";
      readonly deltas: readonly RowDeltaJson[];
      readonly serverHlc: string;
    }
  | { readonly type: "error"; readonly id?: WsMessageId; readonly error: ErrorBody["error"] }
  | { readonly type: "pong"; readonly id?: WsMessageId };

const schemas = { push: wsPushMessageZod, ping: wsPingMessageZod } as const;
type MessageType = keyof typeof schemas;

/** A message that could not be read, with the id it carried (when it had a readable one). */
export interface BadWsMessage {
  readonly error: LakeSyncError;
  readonly id?: WsMessageId;
}

/**
 * Reads one text frame. Bad JSON, a missing or unknown `type` and invalid fields are values
 * (INVALID_REQUEST, with field issues), never throws.
 * @example const msg = parseClientMessage('{"type":"ping","id":1}');
 */
export function parseClientMessage(text: string): Result<WsClientMessage, BadWsMessage> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return Err({ error: new LakeSyncError("INVALID_REQUEST", "Message is not valid JSON") });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return Err({
      error: new LakeSyncError("INVALID_REQUEST", 'A message must be a JSON object with a "type"'),
    });
  }
  const record = value as Record<string, unknown>;
  const rawId = record.id;
  const id = typeof rawId === "string" || typeof rawId === "number" ? { id: rawId } : {};
  const type = record.type;
  if (typeof type !== "string" || !Object.hasOwn(schemas, type)) {
    const got = typeof type === "string" ? `"${type.slice(0, 32)}"` : "none";
    return Err({
      ...id,
      error: new ValidationError(
        [{ path: "type", message: `type must be "push" or "ping" (got ${got})` }],
        "INVALID_REQUEST",
      ),
    });
  }
  const parsed = parseWith(schemas[type as MessageType], value, "INVALID_REQUEST");
  return parsed.ok ? Ok(parsed.value) : Err({ ...id, error: parsed.error });
}
