import { randomBytes } from "node:crypto";
import { pgliteClient } from "@lakesync/adapter-postgres";
import { createGatewayApp, createTokenVerifier, signToken } from "@lakesync/gateway";
import { ConnectorFactories } from "../../src/connectors/factories.js";
import { createUrlGuard } from "../../src/connectors/url-guard.js";
import { createSecretBox } from "../../src/crypto/secret-box.js";
import { createServerHost, type ServerHost } from "../../src/host/server-host.js";
import { defaultConnectorFactories } from "../../src/server/default-factories.js";

/**
 * The server host with its default connector runtimes on an in-memory store, behind the
 * gateway's routes, as a server started with LAKESYNC_ALLOW_PRIVATE_URLS=1 (vendor fakes
 * listen on loopback). Requests go through `app.request`, with tokens signed for `gw`.
 */
export async function startConnectorHost(secret: string, gw: string) {
  const host: ServerHost = createServerHost({
    client: pgliteClient(undefined),
    secretBox: await createSecretBox(randomBytes(32)),
    factories: new ConnectorFactories(defaultConnectorFactories()),
    urlGuard: createUrlGuard({ allowPrivateUrls: true }),
    lookup: null,
    log: () => {},
    flushIntervalMs: 0,
  });
  await host.restore();
  const app = createGatewayApp({ host, auth: createTokenVerifier({ secret }) });

  const token = (role: "admin" | "client", claims: Record<string, unknown> = {}) =>
    signToken({ secret, sub: "u", gw, role, expiresIn: 600, claims });

  async function call(method: string, path: string, bearer: string, body?: unknown) {
    const res = await app.request(path, {
      method,
      headers: {
        authorization: `Bearer ${bearer}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, text: await res.text() };
  }

  return { host, token, call, shutdown: () => host.shutdown() };
}
