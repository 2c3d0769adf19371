import type { GatewayObject } from "./durable-object/gateway-object.js";

/**
 * The bindings of the worker (see `wrangler.toml`). Secrets are set with
 * `wrangler secret put`, or in `.dev.vars` for `wrangler dev`.
 */
export interface Env {
  /** One Durable Object per gateway id (`idFromName(gw)`). */
  readonly GATEWAY: DurableObjectNamespace<GatewayObject>;
  /** HS256 secret of gateway tokens, at least 32 bytes. */
  readonly LAKESYNC_JWT_SECRET?: string;
  /** AES-256-GCM key of stored connector configs: 32 bytes as base64 or 64 hex characters. */
  readonly LAKESYNC_ENCRYPTION_KEY?: string;
  /** Largest request body (and WebSocket message) in bytes; default 1 MiB. */
  readonly LAKESYNC_MAX_BODY_BYTES?: string;
}
