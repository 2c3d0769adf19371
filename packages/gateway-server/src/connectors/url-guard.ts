import { Err, LakeSyncError, Ok } from "@lakesync/core";
import type { UrlGuard } from "./contract.js";

/**
 * The outbound URL check of API connectors (SSRF guard). By default a URL passes only when:
 * - its scheme is `https:`;
 * - it has no userinfo (`https://user:pass@host` is refused: credentials go in headers);
 * - its host is a public name or address: not `localhost` / `*.localhost` / `.local` /
 *   `.internal` / `home.arpa`, not a single-label name (those resolve on the local
 *   network), and not an IP literal in a loopback, private, link-local, CGNAT, ULA,
 *   multicast, documentation or otherwise reserved range, IPv4-mapped and NAT64 forms of
 *   those included. Any port is fine.
 * With `allowPrivateUrls` (`LAKESYNC_ALLOW_PRIVATE_URLS=1`: tests, self-hosted proxies),
 * `http:` and private hosts pass too; userinfo and other schemes are still refused.
 *
 * The URL parser normalises hosts first, so `http://2130706433/`, `0x7f.1` and
 * `[::ffff:127.0.0.1]` are seen as the loopback addresses they are. Errors have code
 * INVALID_CONFIG and name the URL's host, never its path, query or userinfo.
 * Names are not resolved here (a guard is synchronous); `createGuardedFetch` adds the
 * check of resolved addresses and of every redirect.
 */

export interface UrlGuardOptions {
  /** Let `http:` and private, loopback and link-local hosts through. */
  readonly allowPrivateUrls: boolean;
}

/**
 * @example
 * const guard = createUrlGuard({ allowPrivateUrls: env.LAKESYNC_ALLOW_PRIVATE_URLS === "1" });
 * const url = guard(`https://${domain}.atlassian.net`);
 * if (!url.ok) return Err(url.error);
 */
export function createUrlGuard(options: UrlGuardOptions): UrlGuard {
  const allowPrivate = options.allowPrivateUrls;
  return (input) => {
    let url: URL;
    try {
      url = new URL(input);
    } catch {
      return Err(new LakeSyncError("INVALID_CONFIG", "Outbound URL is not a valid absolute URL"));
    }
    const host = url.hostname;
    const refuse = (why: string) =>
      Err(new LakeSyncError("INVALID_CONFIG", `Outbound URL to host "${host}" ${why}`));

    if (url.protocol !== "https:" && url.protocol !== "http:") {
      return refuse(`has scheme "${url.protocol}": only https:// is allowed`);
    }
    if (url.username !== "" || url.password !== "") {
      return refuse("must not carry credentials (user:password@): send them in headers");
    }
    if (host === "") return refuse("has no host");
    if (allowPrivate) return Ok(url);

    if (url.protocol !== "https:") {
      return refuse(
        "must use https:// (http:// is allowed only with LAKESYNC_ALLOW_PRIVATE_URLS=1)",
      );
    }
    const problem = hostProblem(host);
    if (problem) return refuse(`${problem} (allowed only with LAKESYNC_ALLOW_PRIVATE_URLS=1)`);
    return Ok(url);
  };
}

/** Why a host (as `URL.hostname` writes it) is not public, or null when it is. */
export function hostProblem(hostname: string): string | null {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  if (host.startsWith("[") && host.endsWith("]")) {
    return isPublicAddress(host.slice(1, -1)) ? null : "is a non-public IPv6 address";
  }
  if (parseIpv4(host)) {
    return isPublicAddress(host) ? null : "is a non-public IPv4 address";
  }
  if (host === "localhost" || host.endsWith(".localhost")) return "is localhost";
  if (LOCAL_SUFFIXES.some((s) => host === s || host.endsWith(`.${s}`))) {
    return "is a local network name";
  }
  if (!host.includes(".")) return "is a single-label name, not a public host";
  return null;
}

const LOCAL_SUFFIXES = ["local", "internal", "home.arpa", "localdomain"];

/**
 * Whether an IP address (IPv4 dotted, or IPv6 without brackets) is a public unicast address.
 * Anything that is not a well-formed address is not public.
 * @example isPublicAddress("169.254.169.254") // false
 */
export function isPublicAddress(address: string): boolean {
  const v4 = parseIpv4(address);
  if (v4) return isPublicIpv4(v4);
  const v6 = parseIpv6(address);
  return v6 ? isPublicIpv6(v6) : false;
}

/** Non-public IPv4 ranges: [first octets as a number, prefix length]. */
const IPV4_BLOCKED: readonly (readonly [string, number])[] = [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // CGNAT
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local, cloud metadata
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.88.99.0", 24], // 6to4 relay anycast
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
];

const IPV4_BLOCKED_RANGES = IPV4_BLOCKED.map(([base, bits]) => {
  const octets = parseIpv4(base) as number[];
  return { base: toUint32(octets), bits };
});

function isPublicIpv4(octets: readonly number[]): boolean {
  const value = toUint32(octets);
  return !IPV4_BLOCKED_RANGES.some(({ base, bits }) => prefixMatches(value, base, bits));
}

function isPublicIpv6(groups: readonly number[]): boolean {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = groups;
  const embeddedV4 = [g6 >> 8, g6 & 0xff, g7 >> 8, g7 & 0xff];
  const upperZero = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;
  // ::ffff:a.b.c.d (IPv4-mapped): as public as the IPv4 address.
  if (upperZero && g5 === 0xffff) return isPublicIpv4(embeddedV4);
  // ::/96 (unspecified, loopback, deprecated IPv4-compatible).
  if (upperZero && g5 === 0) return false;
  // 64:ff9b::/96 (NAT64): as public as the embedded IPv4 address.
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) {
    return isPublicIpv4(embeddedV4);
  }
  // 2002::/16 (6to4): as public as the IPv4 address in bits 16..48.
  if (g0 === 0x2002) return isPublicIpv4([g1 >> 8, g1 & 0xff, g2 >> 8, g2 & 0xff]);
  // Global unicast is 2000::/3; everything else (ULA fc00::/7, link-local fe80::/10,
  // site-local, multicast ff00::/8, 64:ff9b:1::/48, 100::/64 discard) is not public.
  if ((g0 & 0xe000) !== 0x2000) return false;
  // 2001::/23 holds Teredo (2001::/32), benchmarking (2001:2::/48), ORCHID (2001:10::/28...).
  if (g0 === 0x2001 && g1 < 0x0200) return false;
  // 2001:db8::/32 documentation.
  if (g0 === 0x2001 && g1 === 0x0db8) return false;
  return true;
}

/** Strict dotted-decimal IPv4, or null. */
function parseIpv4(text: string): number[] | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  const octets: number[] = [];
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const n = Number(part);
    if (n > 255) return null;
    octets.push(n);
  }
  return octets;
}

/** An IPv6 address (compressed or not, dotted IPv4 tail allowed, no zone) as 8 groups, or null. */
function parseIpv6(text: string): number[] | null {
  if (!/^[0-9a-fA-F:.]+$/.test(text)) return null;
  let head = text;
  const tail: number[] = [];
  const lastColon = text.lastIndexOf(":");
  if (text.slice(lastColon + 1).includes(".")) {
    const v4 = parseIpv4(text.slice(lastColon + 1));
    if (!v4 || lastColon < 0) return null;
    tail.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
    head = text.slice(0, lastColon + 1);
    if (head.endsWith(":") && !head.endsWith("::")) head = head.slice(0, -1);
  }
  const halves = head.split("::");
  if (halves.length > 2) return null;
  const parse = (s: string): number[] | null => {
    if (s === "") return [];
    const groups: number[] = [];
    for (const g of s.split(":")) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
      groups.push(Number.parseInt(g, 16));
    }
    return groups;
  };
  const left = parse(halves[0] ?? "");
  const right = halves.length === 2 ? parse(halves[1] ?? "") : [];
  if (!left || !right) return null;
  const given = left.length + right.length + tail.length;
  if (halves.length === 2) {
    if (given > 7) return null;
    return [...left, ...new Array<number>(8 - given).fill(0), ...right, ...tail];
  }
  return given === 8 ? [...left, ...tail] : null;
}

function toUint32(octets: readonly number[]): number {
  return (
    (((octets[0] ?? 0) << 24) >>> 0) +
    ((octets[1] ?? 0) << 16) +
    ((octets[2] ?? 0) << 8) +
    (octets[3] ?? 0)
  );
}

function prefixMatches(value: number, base: number, bits: number): boolean {
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (value & mask) >>> 0 === (base & mask) >>> 0;
}
