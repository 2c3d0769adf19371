/**
 * scripts/fetch-mysql.py against a local Debian mirror: a package index (Packages.xz) and
 * small .deb files built here with dpkg-deb. It must resolve the roots' dependencies (skipping
 * what only installing needs), check every file against the index's SHA-256 and unpack them;
 * a file that does not match stops it before anything is unpacked.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const script = resolve(import.meta.dirname, "../../scripts/fetch-mysql.py");

interface Package {
  readonly name: string;
  readonly depends?: string;
}

/** The script's four roots, a dependency through an alternative, and one it must skip. */
const PACKAGES: Package[] = [
  { name: "mysql-server-core", depends: "libfoo (>= 1) | libbar, perl" },
  { name: "libc6" },
  { name: "libstdc++6" },
  { name: "libgcc-s1" },
  { name: "libfoo" },
];

let work: string;
let server: Server;
let mirror: string;
/** What the mirror serves, by path; the tests swap the index. */
const files = new Map<string, Buffer>();
const debs = new Map<string, Buffer>();

function run(dest: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      "python3",
      [script, dest],
      { env: { ...process.env, LAKESYNC_DEBIAN_MIRROR: mirror }, timeout: 50_000 },
      (err, stdout, stderr) => done({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Packages.xz for the .debs built, with `sha256Of` giving each file's listed SHA-256. */
async function publishIndex(sha256Of: (name: string, actual: string) => string): Promise<void> {
  const stanzas = PACKAGES.map(({ name, depends }) => {
    const deb = debs.get(name) as Buffer;
    const actual = createHash("sha256").update(deb).digest("hex");
    return [
      `Package: ${name}`,
      "Version: 9.7.0-1",
      "Architecture: amd64",
      ...(depends ? [`Depends: ${depends}`] : []),
      `Filename: pool/main/${name}_9.7.0-1_amd64.deb`,
      `Size: ${deb.length}`,
      `SHA256: ${sha256Of(name, actual)}`,
    ].join("\n");
  });
  const text = join(work, "Packages");
  writeFileSync(text, `${stanzas.join("\n\n")}\n`);
  await new Promise<void>((done, fail) =>
    execFile("python3", ["-c", XZ, text], (err) => (err ? fail(err) : done())),
  );
  files.set("/dists/sid/main/binary-amd64/Packages.xz", readFileSync(`${text}.xz`));
}

const XZ =
  "import lzma, sys; open(sys.argv[1] + '.xz', 'wb').write(lzma.compress(open(sys.argv[1], 'rb').read()))";

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "lakesync-fetch-mysql-"));
  for (const { name } of PACKAGES) {
    const root = join(work, "build", name);
    mkdirSync(join(root, "DEBIAN"), { recursive: true });
    mkdirSync(join(root, "usr/share/lakesync-test"), { recursive: true });
    writeFileSync(join(root, "usr/share/lakesync-test", `${name}.txt`), `${name}\n`);
    writeFileSync(
      join(root, "DEBIAN/control"),
      `Package: ${name}\nVersion: 9.7.0-1\nArchitecture: amd64\nMaintainer: LakeSync <dev@lakesync.invalid>\nDescription: test package\n`,
    );
    const deb = join(work, `${name}.deb`);
    await new Promise<void>((done, fail) =>
      execFile("dpkg-deb", ["--build", "--root-owner-group", root, deb], (err) =>
        err ? fail(err) : done(),
      ),
    );
    const bytes = readFileSync(deb);
    debs.set(name, bytes);
    files.set(`/pool/main/${name}_9.7.0-1_amd64.deb`, bytes);
  }
  server = createServer((req, res) => {
    const body = files.get(req.url ?? "");
    res.writeHead(body ? 200 : 404).end(body ?? "not found");
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  mirror = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((done) => server?.close(done));
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("scripts/fetch-mysql.py", () => {
  it("unpacks the roots and their dependencies, each checked against the index", async () => {
    await publishIndex((_, actual) => actual);
    const dest = join(work, "good");
    const { code, stdout, stderr } = await run(dest);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toMatch(/fetching MySQL 9\.7\.0-1 from Debian sid: 5 packages/);
    expect(readdirSync(join(dest, "usr/share/lakesync-test")).sort()).toEqual(
      PACKAGES.map((p) => `${p.name}.txt`).sort(),
    );
  });

  it("stops before unpacking anything when a file does not match the index's SHA-256", async () => {
    await publishIndex((name, actual) => (name === "libfoo" ? "0".repeat(64) : actual));
    const dest = join(work, "tampered");
    const { code, stderr } = await run(dest);
    expect(code).not.toBe(0);
    expect(stderr).toContain("libfoo_9.7.0-1_amd64.deb does not match the index's SHA-256");
    expect(existsSync(join(dest, "usr"))).toBe(false);
  });
});
