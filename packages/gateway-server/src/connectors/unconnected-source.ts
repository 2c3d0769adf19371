import { AdapterError, type DatabaseAdapter, Err, getConnectorDescriptor } from "@lakesync/core";

/**
 * The source of a restored database connector that is not connected (its build is retrying,
 * or failed): a pull of it fails as one of an unreachable database does (502 ADAPTER_ERROR,
 * with why), not as a source that does not exist (404), which would read as unregistered.
 * @example gateway.registerSource("users-db", unconnectedSource("users-db", () => entry.lastError));
 */
export function unconnectedSource(name: string, why: () => string | null): DatabaseAdapter {
  const fail = async () =>
    Err(
      new AdapterError(
        `Source "${name}" is not connected: ${why() ?? "its connector is starting"}. The connector retries; see GET /admin/connectors`,
      ),
    );
  return {
    insertDeltas: fail,
    queryDeltasSince: fail,
    ensureSchema: fail,
    close: async () => {},
  };
}

/** Whether connectors of `type` are pull sources once connected (the database kind). */
export function hasSource(type: string): boolean {
  return getConnectorDescriptor(type)?.category === "database";
}
