import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultConsoleDir, isConsolePath, serveConsole } from "./console-static.js";

let parent: string;
let dir: string;

beforeAll(async () => {
  parent = await mkdtemp(join(tmpdir(), "lakesync-console-"));
  dir = join(parent, "dist");
  await mkdir(join(dir, "assets"), { recursive: true });
  await writeFile(join(dir, "index.html"), "<!doctype html><title>console</title>");
  await writeFile(join(dir, "assets", "app.js"), "console.log(1)");
  await writeFile(join(dir, "assets", "app.css"), "body{}");
  await writeFile(join(parent, "secret.txt"), "do not serve");
});

afterAll(async () => {
  await rm(parent, { recursive: true, force: true });
});

const get = (dirPath: string, path: string, method = "GET") =>
  serveConsole(dirPath, new Request(`http://gw.test${path}`, { method }));

describe("the console's static files", () => {
  it("serves index.html at /console/ and for the app's own paths", async () => {
    for (const path of ["/console/", "/console/connectors/new"]) {
      const res = await get(dir, path);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(await res.text()).toContain("<title>console</title>");
    }
  });

  it("redirects /console to /console/", async () => {
    const res = await get(dir, "/console");
    expect(res.status).toBe(308);
    expect(res.headers.get("location")).toBe("/console/");
  });

  it("serves assets with their content types, HEAD without a body", async () => {
    const js = await get(dir, "/console/assets/app.js");
    expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(await js.text()).toBe("console.log(1)");
    const css = await get(dir, "/console/assets/app.css");
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
    const head = await get(dir, "/console/assets/app.js", "HEAD");
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
  });

  it("refuses to leave the build directory", async () => {
    for (const path of [
      "/console/../secret.txt",
      "/console/%2e%2e/secret.txt",
      "/console/assets/%2e%2e%2f%2e%2e%2fsecret.txt",
      "/console/..%5csecret.txt",
      "/console/%00.js",
    ]) {
      const res = await get(dir, path);
      expect(res.status, path).toBe(404);
      expect(await res.text()).not.toContain("do not serve");
    }
  });

  it("answers 404 JSON for a missing file, and for a console that is not built", async () => {
    const missing = await get(dir, "/console/assets/nope.js");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: { code: "NOT_FOUND", message: "No such file in the console" },
    });
    const unbuilt = await get(join(parent, "nowhere"), "/console/");
    expect(unbuilt.status).toBe(404);
    expect(unbuilt.headers.get("content-type")).toContain("application/json");
    expect(((await unbuilt.json()) as { error: { code: string } }).error.code).toBe(
      "CONSOLE_NOT_BUILT",
    );
  });

  it("refuses writes, matches only /console paths and reads LAKESYNC_CONSOLE_DIR", async () => {
    expect((await get(dir, "/console/", "POST")).status).toBe(405);
    expect(isConsolePath("/console")).toBe(true);
    expect(isConsolePath("/console/x")).toBe(true);
    expect(isConsolePath("/consoles")).toBe(false);
    expect(defaultConsoleDir({ LAKESYNC_CONSOLE_DIR: dir })).toBe(dir);
    expect(defaultConsoleDir({})).toMatch(/apps[/\\]console[/\\]dist$/);
  });
});
