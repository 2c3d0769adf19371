import { describe, expect, it } from "vitest";
import { createUrlGuard, isPublicAddress } from "./url-guard.js";

const strict = createUrlGuard({ allowPrivateUrls: false });
const lenient = createUrlGuard({ allowPrivateUrls: true });

function refusal(guard: typeof strict, url: string): string {
  const result = guard(url);
  if (result.ok) throw new Error(`${url} was allowed`);
  expect(result.error.code).toBe("INVALID_CONFIG");
  return result.error.message;
}

describe("createUrlGuard (default: public https only)", () => {
  it("allows https to public hosts, on any port", () => {
    for (const url of [
      "https://mycompany.atlassian.net/rest/api/3/search?jql=project%3DENG",
      "https://login.salesforce.com",
      "https://mycompany.my.salesforce.com:8443/services",
      "https://8.8.8.8/",
      "https://172.32.0.1/",
      "https://[2606:4700:4700::1111]/",
      "https://[::ffff:8.8.8.8]/",
      "https://EXAMPLE.com./x",
    ]) {
      const result = strict(url);
      expect(result.ok, url).toBe(true);
      if (result.ok) expect(result.value).toBeInstanceOf(URL);
    }
  });

  it("refuses http and other schemes", () => {
    expect(refusal(strict, "http://mycompany.atlassian.net/")).toMatch(/must use https/);
    expect(refusal(strict, "ftp://example.com/")).toMatch(/scheme "ftp:"/);
    expect(refusal(strict, "file:///etc/passwd")).toMatch(/scheme "file:"/);
    expect(refusal(strict, "javascript:alert(1)")).toMatch(/scheme/);
  });

  it("refuses loopback, private, link-local, CGNAT, ULA and reserved IP literals", () => {
    for (const url of [
      "https://127.0.0.1/",
      "https://127.8.9.10:8443/",
      "https://10.0.0.1/",
      "https://10.255.255.255/",
      "https://172.16.0.1/",
      "https://172.31.255.254/",
      "https://192.168.1.1/",
      "https://169.254.169.254/latest/meta-data/",
      "https://100.64.0.1/",
      "https://100.127.255.255/",
      "https://0.0.0.0/",
      "https://224.0.0.1/",
      "https://255.255.255.255/",
      "https://[::1]/",
      "https://[::]/",
      "https://[fc00::1]/",
      "https://[fd12:3456::1]/",
      "https://[fe80::1]/",
      "https://[ff02::1]/",
      "https://[::ffff:127.0.0.1]/",
      "https://[::ffff:169.254.169.254]/",
      "https://[::ffff:a9fe:a9fe]/",
      "https://[64:ff9b::10.0.0.1]/",
      "https://[2002:c0a8:101::1]/",
      "https://[2001:db8::1]/",
    ]) {
      expect(refusal(strict, url), url).toMatch(/non-public IPv[46] address/);
    }
  });

  it("sees through the other spellings of loopback the URL parser normalises", () => {
    for (const url of [
      "https://2130706433/",
      "https://0x7f.1/",
      "https://0177.0.0.1/",
      "https://127.1/",
    ]) {
      expect(refusal(strict, url), url).toMatch(/"127\.0\.0\.1" is a non-public IPv4 address/);
    }
  });

  it("refuses localhost, local names and single-label hosts", () => {
    expect(refusal(strict, "https://localhost/")).toMatch(/is localhost/);
    expect(refusal(strict, "https://LOCALHOST.:443/")).toMatch(/is localhost/);
    expect(refusal(strict, "https://api.localhost/")).toMatch(/is localhost/);
    expect(refusal(strict, "https://printer.local/")).toMatch(/local network name/);
    expect(refusal(strict, "https://metadata.google.internal/")).toMatch(/local network name/);
    expect(refusal(strict, "https://intranet/")).toMatch(/single-label/);
  });

  it("refuses a Jira domain that smuggles a host: 127.0.0.1:8080/#", () => {
    const domain = "127.0.0.1:8080/#";
    expect(refusal(strict, `https://${domain}.atlassian.net`)).toMatch(
      /host "127\.0\.0\.1" is a non-public IPv4 address/,
    );
  });

  it("refuses userinfo, without echoing it", () => {
    const message = refusal(strict, "https://bot:hunter2@mycompany.atlassian.net/");
    expect(message).toMatch(/must not carry credentials/);
    expect(message).toContain("mycompany.atlassian.net");
    expect(message).not.toContain("hunter2");
    expect(message).not.toContain("bot");
    expect(refusal(strict, "https://token@example.com/")).not.toContain("token");
  });

  it("names the host, never the query, path or fragment", () => {
    const message = refusal(strict, "http://10.1.2.3:9000/secret/path?token=abc123#frag");
    expect(message).toContain('"10.1.2.3"');
    for (const part of ["abc123", "token", "secret", "frag", "9000"]) {
      expect(message).not.toContain(part);
    }
    const garbage = refusal(strict, "not a url ?token=abc123");
    expect(garbage).toMatch(/not a valid absolute URL/);
    expect(garbage).not.toContain("abc123");
  });
});

describe("createUrlGuard({ allowPrivateUrls: true })", () => {
  it("allows http and private hosts (tests, self-hosted proxies)", () => {
    for (const url of [
      "http://127.0.0.1:8080/rest/api/3",
      "http://localhost:3000/",
      "https://10.0.0.5/",
      "http://[::1]:9000/",
      "http://169.254.169.254/",
      "http://intranet/",
    ]) {
      expect(lenient(url).ok, url).toBe(true);
    }
  });

  it("still refuses userinfo and non-http schemes", () => {
    expect(refusal(lenient, "http://u:p@127.0.0.1/")).toMatch(/credentials/);
    expect(refusal(lenient, "file:///etc/passwd")).toMatch(/scheme/);
  });
});

describe("isPublicAddress", () => {
  it("classifies addresses as DNS answers give them", () => {
    expect(isPublicAddress("93.184.216.34")).toBe(true);
    expect(isPublicAddress("2606:2800:220:1:248:1893:25c8:1946")).toBe(true);
    expect(isPublicAddress("10.0.0.1")).toBe(false);
    expect(isPublicAddress("::ffff:10.0.0.1")).toBe(false);
    expect(isPublicAddress("::ffff:93.184.216.34")).toBe(true);
    expect(isPublicAddress("fe80::1")).toBe(false);
    expect(isPublicAddress("not-an-ip")).toBe(false);
    expect(isPublicAddress("1.2.3")).toBe(false);
    expect(isPublicAddress("1:2:3:4:5:6:7:8:9")).toBe(false);
  });
});
