import { lookup as dnsLookup } from "node:dns/promises";
import { LakeSyncError } from "@lakesync/core";
import type { UrlGuard } from "./contract.js";

/**
 * The `fetch` connector runtimes get: every request, and every redirect it follows, passes
 * the URL guard first, so a vendor (or a compromised vendor) cannot bounce a connector to a
 * cloud metadata address with a 302. With a `lookup`, a host name must also resolve only to
 * addresses the guard admits (the guard sees each address as an IP literal, so
 * `allowPrivateUrls` applies to them as well).
 *
 * Limits: the check and the connection resolve the name separately, so a DNS answer that
 * changes in between (rebinding) is not caught; and request bodies are buffered once so a
 * 307/308 can resend them (connector requests are small).
 *
 * A refused URL rejects with a LakeSyncError of code INVALID_CONFIG that names the host only.
 */

/** Resolves a host name to its IP addresses. Injectable for tests. */
export type HostLookup = (hostname: string) => Promise<readonly string[]>;

/** The system resolver (`dns.lookup`, all addresses). */
export const systemLookup: HostLookup = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

export interface GuardedFetchOptions {
  readonly urlGuard: UrlGuard;
  /** The fetch that does the I/O. Default `globalThis.fetch`. */
  readonly fetch?: typeof fetch | undefined;
  /** Checks where names resolve to; omit to check URLs only. */
  readonly lookup?: HostLookup | undefined;
  /** Redirects followed before giving up. Default 10. */
  readonly maxRedirects?: number | undefined;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const CREDENTIAL_HEADERS = ["authorization", "cookie", "proxy-authorization"];

/**
 * @example
 * const safeFetch = createGuardedFetch({ urlGuard, lookup: systemLookup });
 * await safeFetch("https://mycompany.atlassian.net/rest/api/3/myself");
 */
export function createGuardedFetch(options: GuardedFetchOptions): typeof fetch {
  const { urlGuard, lookup, maxRedirects = 10 } = options;
  const baseFetch = options.fetch ?? globalThis.fetch;

  async function check(url: string): Promise<void> {
    const guarded = urlGuard(url);
    if (!guarded.ok) throw guarded.error;
    const host = guarded.value.hostname;
    if (!lookup || host.startsWith("[") || /^[\d.]+$/.test(host)) return;
    let addresses: readonly string[];
    try {
      addresses = await lookup(host);
    } catch (cause) {
      throw new TypeError(`Cannot resolve host "${host}"`, { cause });
    }
    for (const address of addresses) {
      const literal = address.includes(":") ? `[${address}]` : address;
      if (!urlGuard(`${guarded.value.protocol}//${literal}/`).ok) {
        throw new LakeSyncError(
          "INVALID_CONFIG",
          `Outbound URL to host "${host}" resolves to a non-public address (allowed only with LAKESYNC_ALLOW_PRIVATE_URLS=1)`,
        );
      }
    }
  }

  const guarded = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const first = new Request(input, init);
    const mode = first.redirect;
    const body = first.body ? await first.arrayBuffer() : null;
    let url = first.url;
    let method = first.method;
    let headers = new Headers(first.headers);
    let payload: ArrayBuffer | null = body;

    for (let hop = 0; ; hop++) {
      await check(url);
      const response = await baseFetch(url, {
        method,
        headers,
        body: payload,
        signal: first.signal,
        redirect: "manual",
      });
      const location = response.headers.get("location");
      if (!REDIRECTS.has(response.status) || location === null || mode === "manual") {
        return response;
      }
      await response.body?.cancel();
      if (mode === "error") throw new TypeError("fetch failed: redirect with redirect mode error");
      if (hop >= maxRedirects)
        throw new TypeError(`fetch failed: more than ${maxRedirects} redirects`);

      const next = new URL(location, url);
      if (
        (response.status === 303 && method !== "GET" && method !== "HEAD") ||
        ((response.status === 301 || response.status === 302) && method === "POST")
      ) {
        method = "GET";
        payload = null;
        headers = new Headers(headers);
        for (const name of ["content-type", "content-length", "content-encoding"]) {
          headers.delete(name);
        }
      }
      if (next.origin !== new URL(url).origin) {
        headers = new Headers(headers);
        for (const name of CREDENTIAL_HEADERS) headers.delete(name);
      }
      url = next.href;
    }
  };
  return guarded as typeof fetch;
}
