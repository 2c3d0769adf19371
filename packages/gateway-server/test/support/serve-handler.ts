import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** A fetch-style handler (a vendor fake) served over real HTTP on a loopback port. */
export async function serveHandler(
  handle: (request: Request) => Promise<Response>,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const init: RequestInit = { method: req.method ?? "GET", headers };
    if (chunks.length > 0) init.body = Buffer.concat(chunks);
    const response = await handle(new Request(`http://${req.headers.host}${req.url}`, init));
    const out: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      out[key] = value;
    });
    res.writeHead(response.status, out);
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
