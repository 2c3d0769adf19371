import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A throwaway HTTP server on a port, for answers the fake BigQuery never gives. */
export interface LocalServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** `METHOD /path?query` of each request received. */
  readonly requests: string[];
  stop(): Promise<void>;
}

/**
 * Serves `handle` on a free loopback port. A handler that never ends its response leaves the
 * request hanging, as a silent endpoint does.
 * @example
 * const server = await startLocalServer((req, res) => res.writeHead(302, { location }).end());
 */
export async function startLocalServer(
  handle: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<LocalServer> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
