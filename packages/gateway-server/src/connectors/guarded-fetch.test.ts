import { LakeSyncError } from "@lakesync/core";
import { describe, expect, it } from "vitest";
import { createGuardedFetch, type HostLookup } from "./guarded-fetch.js";
import { createUrlGuard } from "./url-guard.js";

/** A fetch that answers from a route table with real Responses, and records each request. */
function upstream(routes: Record<string, () => Response>) {
  const seen: { url: string; method: string; headers: Headers; body: string | null }[] = [];
  const fetchFn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    expect(request.redirect).toBe("manual");
    seen.push({
      url: request.url,
      method: request.method,
      headers: request.headers,
      body: request.body ? await request.text() : null,
    });
    const route = routes[request.url];
    return route ? route() : new Response("not found", { status: 404 });
  }) as typeof fetch;
  return { fetchFn, seen };
}

const redirect =
  (location: string, status = 302) =>
  () =>
    new Response(null, { status, headers: { location } });
const ok =
  (text = "ok") =>
  () =>
    new Response(text, { status: 200 });
const publicLookup: HostLookup = async () => ["93.184.216.34"];

describe("createGuardedFetch", () => {
  const strict = createUrlGuard({ allowPrivateUrls: false });

  it("passes allowed requests through", async () => {
    const { fetchFn, seen } = upstream({ "https://api.example.com/x": ok("hello") });
    const guarded = createGuardedFetch({ urlGuard: strict, fetch: fetchFn, lookup: publicLookup });
    const response = await guarded("https://api.example.com/x", {
      method: "POST",
      headers: { authorization: "Basic abc" },
      body: "payload",
    });
    expect(await response.text()).toBe("hello");
    expect(seen[0]?.method).toBe("POST");
    expect(seen[0]?.body).toBe("payload");
  });

  it("refuses a URL the guard refuses, before any I/O", async () => {
    const { fetchFn, seen } = upstream({});
    const guarded = createGuardedFetch({ urlGuard: strict, fetch: fetchFn });
    const refused = guarded("http://169.254.169.254/latest/meta-data/?token=x");
    await expect(refused).rejects.toBeInstanceOf(LakeSyncError);
    await expect(refused).rejects.toThrow(/host "169\.254\.169\.254"/);
    expect(seen).toEqual([]);
  });

  it("checks every redirect: a bounce to the metadata address is refused", async () => {
    const { fetchFn, seen } = upstream({
      "https://api.example.com/start": redirect("http://169.254.169.254/latest/meta-data/"),
    });
    const guarded = createGuardedFetch({ urlGuard: strict, fetch: fetchFn });
    await expect(guarded("https://api.example.com/start")).rejects.toThrow(
      /host "169\.254\.169\.254"/,
    );
    expect(seen.map((s) => s.url)).toEqual(["https://api.example.com/start"]);
  });

  it("follows allowed redirects, dropping credentials across origins and bodies on 303", async () => {
    const { fetchFn, seen } = upstream({
      "https://api.example.com/a": redirect("/b", 307),
      "https://api.example.com/b": redirect("https://cdn.example.org/c", 303),
      "https://cdn.example.org/c": ok("done"),
    });
    const guarded = createGuardedFetch({ urlGuard: strict, fetch: fetchFn });
    const response = await guarded("https://api.example.com/a", {
      method: "POST",
      headers: { authorization: "Bearer t0k3n", "content-type": "text/plain" },
      body: "data",
    });
    expect(await response.text()).toBe("done");
    expect(seen.map((s) => [s.url, s.method, s.body])).toEqual([
      ["https://api.example.com/a", "POST", "data"],
      ["https://api.example.com/b", "POST", "data"],
      ["https://cdn.example.org/c", "GET", null],
    ]);
    expect(seen[1]?.headers.get("authorization")).toBe("Bearer t0k3n");
    expect(seen[2]?.headers.get("authorization")).toBeNull();
    expect(seen[2]?.headers.get("content-type")).toBeNull();
  });

  it("returns the redirect itself in redirect: manual mode, and stops redirect loops", async () => {
    const { fetchFn } = upstream({
      "https://api.example.com/loop": redirect("https://api.example.com/loop"),
    });
    const guarded = createGuardedFetch({ urlGuard: strict, fetch: fetchFn, maxRedirects: 3 });
    const manual = await guarded("https://api.example.com/loop", { redirect: "manual" });
    expect(manual.status).toBe(302);
    await expect(guarded("https://api.example.com/loop")).rejects.toThrow(/more than 3 redirects/);
  });

  it("refuses names that resolve to non-public addresses, unless private URLs are allowed", async () => {
    const { fetchFn, seen } = upstream({ "https://rebind.example.com/": ok() });
    const privateLookup: HostLookup = async () => ["93.184.216.34", "10.0.0.7"];
    const guarded = createGuardedFetch({ urlGuard: strict, fetch: fetchFn, lookup: privateLookup });
    await expect(guarded("https://rebind.example.com/")).rejects.toThrow(
      /"rebind\.example\.com" resolves to a non-public address/,
    );
    expect(seen).toEqual([]);

    const lenient = createGuardedFetch({
      urlGuard: createUrlGuard({ allowPrivateUrls: true }),
      fetch: fetchFn,
      lookup: privateLookup,
    });
    expect((await lenient("https://rebind.example.com/")).status).toBe(200);

    const unresolvable = createGuardedFetch({
      urlGuard: strict,
      fetch: fetchFn,
      lookup: async () => {
        throw new Error("ENOTFOUND");
      },
    });
    await expect(unresolvable("https://nowhere.example.com/")).rejects.toThrow(
      /Cannot resolve host "nowhere\.example\.com"/,
    );
  });
});
