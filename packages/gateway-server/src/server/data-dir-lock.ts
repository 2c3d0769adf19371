import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { sleep } from "@lakesync/core";

/** The lock file, under the data dir, of the process that uses its embedded store. */
export const LOCK_FILE_NAME = "server.pid";

/** A held lock; `release` is idempotent. */
export interface DataDirLock {
  readonly path: string;
  release(): Promise<void>;
}

/**
 * Takes the data dir for this process: PGlite is single-process, and two servers on one
 * directory would corrupt it. The lock is a file holding the owner's pid; a file left by a
 * process that no longer runs (a crash, `kill -9`, even one not yet reaped) is taken over.
 * @throws Error naming the directory and the pid when another live process holds it.
 */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, LOCK_FILE_NAME);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await writeFile(path, `${process.pid}\n`, { flag: "wx", mode: 0o600 });
      let released = false;
      return {
        path,
        async release() {
          if (released) return;
          released = true;
          const owner = await readPid(path);
          if (owner === process.pid) await rm(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as { code?: unknown }).code !== "EEXIST") throw error;
    }
    const owner = await readPid(path);
    if (owner === null) {
      // Made a moment ago by another server and not yet written, or garbage: look again.
      await sleep(100);
      if ((await readPid(path)) !== null) continue;
    } else if (owner !== process.pid && (await stillRunning(owner))) {
      throw new Error(
        `The data dir ${dataDir} is in use by another LakeSync server (pid ${owner}). Stop it, or set LAKESYNC_DATA_DIR to another directory.`,
      );
    }
    // Stale: its process is gone. Removed only while it still names that process, not a lock
    // another server starting meanwhile took over.
    if ((await readPid(path)) === owner) await rm(path, { force: true });
  }
  throw new Error(`Could not take the lock ${path}`);
}

async function readPid(path: string): Promise<number | null> {
  try {
    const pid = Number.parseInt(await readFile(path, "utf8"), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** How long a lock's owner is given to finish dying (a SIGKILL takes a moment to complete). */
const OWNER_EXIT_WAIT_MS = 2000;

/** Whether `pid` runs, and still does after OWNER_EXIT_WAIT_MS if it was ending. */
async function stillRunning(pid: number): Promise<boolean> {
  const deadline = Date.now() + OWNER_EXIT_WAIT_MS;
  while (await isRunning(pid)) {
    if (Date.now() >= deadline) return true;
    await sleep(100);
  }
  return false;
}

async function isRunning(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    if ((error as { code?: unknown }).code !== "EPERM") return false;
  }
  return !(await isZombie(pid));
}

/**
 * Whether `pid` has ended but is not yet reaped by its parent (Linux `/proc`; false where
 * there is none): a server killed by SIGKILL and restarted at once by its supervisor finds
 * its own old pid in that state, and must not wait on it.
 */
async function isZombie(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    // "pid (command) S ...": the command may hold spaces and parentheses; the state follows the last ")".
    const state = stat[stat.lastIndexOf(")") + 2];
    return state === "Z" || state === "X";
  } catch {
    return false;
  }
}
