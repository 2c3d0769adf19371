import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LOCK_FILE_NAME, lockDataDir } from "./data-dir-lock.js";

describe("lockDataDir", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "lakesync-lock-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const lockFile = () => join(dir, LOCK_FILE_NAME);

  it("takes a free data dir with this process's pid, and gives it back", async () => {
    const lock = await lockDataDir(dir);
    expect(await readFile(lockFile(), "utf8")).toBe(`${process.pid}\n`);
    await lock.release();
    await expect(readFile(lockFile(), "utf8")).rejects.toThrow(/ENOENT/);
  });

  it("refuses a data dir a live process holds, naming it, and leaves its lock alone", async () => {
    await writeFile(lockFile(), `${process.ppid}\n`);
    await expect(lockDataDir(dir)).rejects.toThrow(
      `The data dir ${dir} is in use by another LakeSync server (pid ${process.ppid})`,
    );
    expect(await readFile(lockFile(), "utf8")).toBe(`${process.ppid}\n`);
    // The holder is given 2 s to end before the refusal.
  }, 15_000);

  it("takes a lock file left empty or unreadable once it stays so", async () => {
    await writeFile(lockFile(), "");
    const lock = await lockDataDir(dir);
    expect(await readFile(lockFile(), "utf8")).toBe(`${process.pid}\n`);
    await lock.release();
  });

  it("waits for a holder that is ending to be gone, then takes its lock", async () => {
    const ending = spawn("sleep", ["0.5"]);
    try {
      expect(ending.pid).toBeGreaterThan(0);
      await writeFile(lockFile(), `${ending.pid}\n`);
      const lock = await lockDataDir(dir);
      expect(await readFile(lockFile(), "utf8")).toBe(`${process.pid}\n`);
      await lock.release();
    } finally {
      ending.kill("SIGKILL");
    }
  });

  it.skipIf(process.platform !== "linux")(
    "takes over the lock of a process that ended, even one its parent has not reaped yet",
    async () => {
      // `sleep 0` ends at once, and the `sleep 5` its shell became never reaps it: a zombie.
      const parent = spawn("sh", ["-c", "sleep 0 & echo $!; exec sleep 5"]);
      try {
        const zombie = await new Promise<number>((resolve) => {
          parent.stdout.once("data", (data) => resolve(Number.parseInt(String(data), 10)));
        });
        for (let i = 0; i < 100; i++) {
          const stat = await readFile(`/proc/${zombie}/stat`, "utf8").catch(() => "");
          if (/\) Z /.test(stat)) break;
          await new Promise((r) => setTimeout(r, 20));
        }
        expect(await readFile(`/proc/${zombie}/stat`, "utf8")).toMatch(/\) Z /);
        await writeFile(lockFile(), `${zombie}\n`);
        const lock = await lockDataDir(dir);
        expect(await readFile(lockFile(), "utf8")).toBe(`${process.pid}\n`);
        await lock.release();
      } finally {
        parent.kill("SIGKILL");
      }
    },
  );
});
