import {
  type Clock,
  type ConnectorConfig,
  Err,
  encodeHlc,
  type LakeSyncError,
  makeDelta,
  Ok,
  type Result,
  registerConnectorDescriptor,
  unregisterConnectorDescriptor,
  unwrap,
  validateConnectorConfig,
} from "@lakesync/core";
import { MemoryStore } from "@lakesync/gateway";
import type {
  ConnectorContext,
  ConnectorFactory,
  ConnectorRuntime,
  PollError,
  PollReport,
} from "../contract.js";

/**
 * Test connector types and a scripted factory, as a connector package would plug them in:
 * `ticker` (an API connector whose poll pushes real deltas into the real gateway and keeps
 * a cursor in its state store) and `tickdb` (a database connector: a named source, no poll).
 */

/** The secret of every ticker config the helpers build. */
export const TICKER_TOKEN = "tk_live_SuperSecret-123";

export function registerTestConnectorTypes(): void {
  registerConnectorDescriptor({
    type: "ticker",
    displayName: "Ticker",
    description: "A test API connector.",
    category: "api",
    configSchema: {
      type: "object",
      properties: {
        apiToken: { type: "string", writeOnly: true, minLength: 1 },
        baseUrl: { type: "string" },
      },
      required: ["apiToken"],
    },
    ingestSchema: {
      type: "object",
      properties: { intervalMs: { type: "integer", minimum: 100 } },
    },
    outputTables: [{ table: "ticks", columns: [{ name: "n", type: "number" }] }],
  });
  registerConnectorDescriptor({
    type: "tickdb",
    displayName: "Tick DB",
    description: "A test database connector.",
    category: "database",
    configSchema: {
      type: "object",
      properties: { connectionString: { type: "string", writeOnly: true } },
      required: ["connectionString"],
    },
    ingestSchema: { type: "object" },
    outputTables: null,
  });
}

export function unregisterTestConnectorTypes(): void {
  unregisterConnectorDescriptor("ticker");
  unregisterConnectorDescriptor("tickdb");
}

/** A validated ticker config polling every `intervalMs`. */
export function tickerConfig(name: string, intervalMs = 10_000): ConnectorConfig {
  return unwrap(
    validateConnectorConfig({
      name,
      type: "ticker",
      ticker: { apiToken: TICKER_TOKEN, baseUrl: "https://ticker.example.com" },
      ingest: { intervalMs },
    }),
  );
}

/** A validated tickdb config (no ingest). */
export function tickdbConfig(name: string): ConnectorConfig {
  return unwrap(
    validateConnectorConfig({
      name,
      type: "tickdb",
      tickdb: { connectionString: "postgres://app:db-pa55word@db.example.com/app" },
    }),
  );
}

/** What the next poll does: push deltas, fail, or run a function. */
export type Step =
  | "ok"
  | PollError
  | ((signal: AbortSignal) => Promise<Result<PollReport, PollError>>);

/** A scripted factory for `ticker` and `tickdb`, recording what the host does with it. */
export class TickerScript {
  /** Steps of the next polls, in order; "ok" when empty. */
  readonly steps: Step[] = [];
  /** Outcomes of the next builds, in order; Ok when empty. */
  readonly builds: (LakeSyncError | "throw")[] = [];
  /** Clock time of each poll's start. */
  readonly pollTimes: number[] = [];
  /** The context of each successful build. */
  readonly contexts: ConnectorContext[] = [];
  readonly signals: AbortSignal[] = [];
  closed = 0;
  running = 0;
  readonly #clock: Clock;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  readonly factory: ConnectorFactory = async (context) => {
    const outcome = this.builds.shift();
    if (outcome === "throw") throw new Error(`boom with ${TICKER_TOKEN}`);
    if (outcome) return Err(outcome);
    this.contexts.push(context);
    const close = async () => {
      this.closed += 1;
    };
    if (context.config.type === "tickdb") {
      const runtime: ConnectorRuntime = { source: new MemoryStore(), close };
      return Ok(runtime);
    }
    const runtime: ConnectorRuntime = {
      poll: async (signal) => {
        this.pollTimes.push(this.#clock.now());
        this.signals.push(signal);
        this.running += 1;
        try {
          const step = this.steps.shift() ?? "ok";
          if (step === "ok") return Ok(await this.#tick(context));
          if (typeof step === "function") return await step(signal);
          return Err(step);
        } finally {
          this.running -= 1;
        }
      },
      close,
    };
    return Ok(runtime);
  };

  /** Pushes two deltas past the stored cursor, then advances the cursor. */
  async #tick(context: ConnectorContext): Promise<PollReport> {
    const stored = await context.state.load("cursor");
    const cursor = stored ? Number(new TextDecoder().decode(stored)) : 0;
    const deltas = [cursor + 1, cursor + 2].map((n) =>
      makeDelta(
        { op: "INSERT", table: "ticks", rowId: `t${n}`, columns: [{ column: "n", value: n }] },
        `ticker:${context.config.name}`,
        encodeHlc(Date.now(), n % 0xffff),
      ),
    );
    const pushed = await context.gateway.push({
      clientId: `ticker:${context.config.name}`,
      deltas,
      lastSeenHlc: 0n,
    });
    if (!pushed.ok) throw pushed.error;
    await context.state.save("cursor", new TextEncoder().encode(String(cursor + 2)));
    return { deltasPushed: pushed.value.accepted };
  }
}
