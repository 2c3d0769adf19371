import type { GatewayRole } from "../../auth/claims.js";
import { signToken } from "../../auth/sign.js";
import { createTokenVerifier } from "../../auth/verify.js";
import { MemoryGatewayHost } from "../../host/memory-host.js";
import type { GatewayHost } from "../../host/types.js";
import { createGatewayApp, type GatewayAppOptions } from "../app.js";
import type { LogEntry } from "../logger.js";

/**
 * Test support (not exported from the package): an app over a MemoryGatewayHost with an
 * HS256 verifier, tokens, a recording logger and request helpers.
 */

export const TEST_SECRET = "test-secret-that-is-at-least-32-bytes-long";
export const GW = "my-gw";

export interface Harness {
  readonly app: ReturnType<typeof createGatewayApp>;
  readonly host: GatewayHost;
  readonly logs: LogEntry[];
  readonly adminToken: string;
  readonly clientToken: string;
  token(options?: {
    role?: GatewayRole;
    gw?: string;
    sub?: string;
    expiresIn?: number;
    claims?: Record<string, unknown>;
  }): Promise<string>;
  /**
   * A request with a bearer token (default the admin's; null for none). `json` is sent
   * stringified, `jsonText` as is, both as `application/json`; `body` raw.
   */
  call(method: string, path: string, options?: CallOptions): Promise<Response>;
}

export interface CallOptions {
  token?: string | null;
  json?: unknown;
  jsonText?: string;
  body?: BodyInit;
  headers?: Record<string, string>;
}

export async function harness(
  options: { host?: GatewayHost } & Partial<
    Omit<GatewayAppOptions, "host" | "auth" | "logger">
  > = {},
): Promise<Harness> {
  const logs: LogEntry[] = [];
  const record = (level: string) => (entry: LogEntry) => logs.push({ level, ...entry });
  const host = options.host ?? new MemoryGatewayHost();
  const app = createGatewayApp({
    host,
    auth: createTokenVerifier({ secret: TEST_SECRET }),
    logger: { info: record("info"), warn: record("warn"), error: record("error") },
    ...(options.maxBodyBytes !== undefined ? { maxBodyBytes: options.maxBodyBytes } : {}),
  });
  const token: Harness["token"] = (o = {}) =>
    signToken({
      secret: TEST_SECRET,
      sub: o.sub ?? "app-1",
      gw: o.gw ?? GW,
      role: o.role ?? "client",
      expiresIn: o.expiresIn ?? 3600,
      ...(o.claims ? { claims: o.claims } : {}),
    });
  const adminToken = await token({ role: "admin", sub: "admin" });
  const clientToken = await token();
  const call: Harness["call"] = (method, path, o = {}) => {
    const headers: Record<string, string> = { ...o.headers };
    const bearer = o.token === undefined ? adminToken : o.token;
    if (bearer !== null) headers.authorization = `Bearer ${bearer}`;
    let body: BodyInit | undefined = o.body;
    if (o.json !== undefined || o.jsonText !== undefined) {
      body = o.jsonText ?? JSON.stringify(o.json);
      headers["content-type"] ??= "application/json";
    }
    return Promise.resolve(
      app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) }),
    );
  };
  return { app, host, logs, adminToken, clientToken, token, call };
}

/** The parsed JSON body of a response. */
export async function json<T = unknown>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

/** The shape of every error body. */
export interface ErrorJson {
  error: { code: string; message: string; issues?: { path: string; message: string }[] };
}
