/** One structured log entry. Never holds a request body, a token or a secret. */
export type LogEntry = Readonly<Record<string, unknown>>;

/** Where the HTTP layer writes its structured logs. */
export interface GatewayLogger {
  info(entry: LogEntry): void;
  warn(entry: LogEntry): void;
  error(entry: LogEntry): void;
}

/** A logger that drops everything: the default. */
export const silentLogger: GatewayLogger = {
  info() {},
  warn() {},
  error() {},
};
