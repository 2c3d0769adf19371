import { builtinEnvironments, type Environment } from "vitest/environments";

/**
 * The test environment of this package: happy-dom's DOM for the components, Node's Fetch API
 * for everything else. The gateway the tests talk to runs in the same process, and
 * happy-dom's `Request`, `Response`, `Headers` and abort classes replace Node's: the
 * server (@hono/node-server) cannot build its requests from those, and happy-dom's `fetch`
 * refuses cross-origin answers that carry no CORS headers (the gateway sends none).
 */
const NODE_FETCH_API = [
  "fetch",
  "Request",
  "Response",
  "Headers",
  "FormData",
  "AbortController",
  "AbortSignal",
] as const;

const happyDom = builtinEnvironments["happy-dom"];

export default {
  name: "happy-dom-node-fetch",
  transformMode: happyDom.transformMode,
  async setup(global: Record<string, unknown>, options) {
    const node = NODE_FETCH_API.map((key) => [key, global[key]] as const);
    const env = await happyDom.setup(global, options);
    for (const [key, value] of node) {
      Object.defineProperty(global, key, { value, configurable: true, writable: true });
    }
    return env;
  },
} satisfies Environment;
