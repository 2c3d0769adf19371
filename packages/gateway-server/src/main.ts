#!/usr/bin/env node
/**
 * `lakesync-gateway`: starts the self-hosted gateway from the environment (see
 * docs/configuration.md). Runs under Bun (`bun src/main.ts`, the package's `start`) and
 * under Node once built (`node dist/main.js`).
 *
 * Exit codes: 0 after a clean shutdown (SIGINT/SIGTERM), 1 for a bad configuration, a failed
 * startup or a failed shutdown, 130/143 when a second signal forces the exit.
 */
import { redactSecrets } from "@lakesync/gateway";
import { ConfigError, parseServerConfig, type ServerConfig } from "./config/env.js";
import { createServerLogger } from "./logging/logger.js";
import { defaultConnectorFactories } from "./server/default-factories.js";
import { formatDevTokenBlock } from "./server/dev-token.js";
import { type RunningServer, startServer } from "./server/start-server.js";

/** Longest a shutdown may take before the process exits anyway. */
const SHUTDOWN_TIMEOUT_MS = 30_000;

async function main(): Promise<void> {
  let config: ServerConfig;
  try {
    config = parseServerConfig(process.env, process.cwd());
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`lakesync-gateway: ${error.message}\n`);
    process.exit(1);
  }

  const logger = createServerLogger({ level: config.logLevel });
  process.on("unhandledRejection", (reason) => {
    logger.error("unhandled rejection", { error: reason });
  });

  let server: RunningServer;
  try {
    server = await startServer({ config, logger, factories: defaultConnectorFactories() });
  } catch (error) {
    const message = redactSecrets(error instanceof Error ? error.message : String(error));
    logger.error("startup failed", { error });
    process.stderr.write(`lakesync-gateway: cannot start: ${message}\n`);
    process.exit(1);
  }

  if (server.devToken) {
    // The one place a token is printed, on purpose: it was generated for this user's run.
    process.stdout.write(`\n${formatDevTokenBlock(server.devToken, server.url)}\n\n`);
  }
  logger.info("listening", { url: server.url, host: server.hostname, port: server.port });

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn("second signal: exiting without a clean shutdown", { signal });
      process.exit(signal === "SIGINT" ? 130 : 143);
    }
    stopping = true;
    logger.info("shutting down", { signal });
    const timer = setTimeout(() => {
      logger.error("shutdown timed out", { ms: SHUTDOWN_TIMEOUT_MS });
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error("shutdown failed", { error });
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`lakesync-gateway: ${redactSecrets(message)}\n`);
  process.exit(1);
});
