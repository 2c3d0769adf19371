import { readFileSync } from "node:fs";

/** The value of a `--name=value` argument, if given. */
export function arg(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((a) => a.startsWith(prefix))?.slice(prefix.length);
}

/** Rows (and deltas) per benchmark; `bun run bench -- --rows=100000` for a quick run. */
export const ROWS = Number(arg("rows") ?? 1_000_000);

const MB = 1024 * 1024;

interface GcHost {
  Bun?: { gc(force: boolean): void };
  gc?: () => void;
}

/** A full, synchronous garbage collection (Bun, or Node with --expose-gc). */
export function forceGc(): void {
  const host = globalThis as GcHost;
  if (host.Bun) host.Bun.gc(true);
  else host.gc?.();
}

/** Heap in use after a forced GC, in bytes (typed arrays included on Bun). */
export function settledHeap(): number {
  forceGc();
  forceGc();
  return process.memoryUsage().heapUsed;
}

/** Tracks the highest RSS seen between `reset()` and `peak`. */
export class RssSampler {
  #peak = 0;

  reset(): void {
    this.#peak = process.memoryUsage().rss;
  }

  sample(): void {
    const rss = process.memoryUsage().rss;
    if (rss > this.#peak) this.#peak = rss;
  }

  get peakMb(): number {
    this.sample();
    return this.#peak / MB;
  }
}

/** The process's peak RSS from the kernel (Linux `VmHWM`), in MB, or null elsewhere. */
export function kernelPeakRssMb(): number | null {
  try {
    const status = readFileSync("/proc/self/status", "utf8");
    const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

/** `1,000,000` */
export function count(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

/** `rows per second` of `n` items in `ms`. */
export function perSecond(n: number, ms: number): string {
  return count((n / ms) * 1000);
}

/** Pads a label to a column. */
export function label(text: string, width = 14): string {
  return text.padEnd(width);
}

/** Milliseconds since an arbitrary origin. */
export function now(): number {
  return performance.now();
}

/** Prints a pass/fail line for a target and returns whether it held. */
export function target(name: string, ok: boolean, detail: string): boolean {
  console.log(`  target ${name}: ${detail} ${ok ? "OK" : "MISSED"}`);
  return ok;
}
