/**
 * The connector contract of @lakesync/gateway (what connector packages implement), imported
 * in one place by this folder.
 */
export {
  type ConnectorContext,
  type ConnectorFactory,
  type ConnectorRuntime,
  type ConnectorStateStore,
  PollError,
  type PollReport,
  type UrlGuard,
} from "@lakesync/gateway";
