import { LakeSyncApiError } from "@lakesync/client";
import { type FormEvent, type ReactNode, useState } from "react";
import { useConnectorTypes } from "../use-connector-types.js";
import { useConnectors } from "../use-connectors.js";

/** The spec's example, verbatim. */
export function AddConnectorForm() {
  // biome-ignore lint/correctness/noUnusedVariables: the spec's example, verbatim
  const { types, isLoading, error, refetch } = useConnectorTypes();
  if (isLoading) return <p>Loading...</p>;
  if (error) return <p>Error: {error.message}</p>;
  return (
    <select>
      {types.map((t) => (
        <option key={t.type} value={t.type}>
          {t.displayName}
        </option>
      ))}
    </select>
  );
}

/** The same with a retry button. */
export function TypesWithRetry() {
  const { types, isLoading, error, refetch } = useConnectorTypes();
  return (
    <div>
      {isLoading && <p>Loading...</p>}
      {error && <p role="alert">Error: {error.message}</p>}
      <p>{types.length} types</p>
      <button type="button" onClick={() => void refetch()}>
        Retry
      </button>
    </div>
  );
}

/** A connector list with live status and a small "add Postgres connector" form. */
export function ConnectorsPanel({ onRender }: { onRender?: () => void }): ReactNode {
  onRender?.();
  const { connectors, isLoading, error, register, unregister } = useConnectors();
  const [name, setName] = useState("");
  const [connectionString, setConnectionString] = useState("");
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState("");

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const postgres = connectionString ? { connectionString } : {};
      await register({ name, type: "postgres", postgres } as never);
      setFieldErrors({});
      setMessage(`Registered ${name}`);
    } catch (err) {
      if (!(err instanceof LakeSyncApiError)) throw err;
      setFieldErrors(Object.fromEntries(err.issues.map((i) => [i.path, i.message])));
      setMessage(`${err.code}: ${err.message}`);
    }
  };

  if (isLoading) return <p>Loading connectors...</p>;
  return (
    <div>
      {error && <p role="alert">Error: {error.message}</p>}
      <ul>
        {connectors.map((c) => (
          <li key={c.name} data-testid={`connector-${c.name}`}>
            {c.name} · {c.type} · {c.state} · last poll {c.lastPollAt ?? "never"} · last error{" "}
            {c.lastError ?? "none"}
            <button type="button" onClick={() => void unregister(c.name)}>
              Remove {c.name}
            </button>
          </li>
        ))}
      </ul>
      <form aria-label="add connector" onSubmit={(e) => void submit(e)}>
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          Connection string
          <input value={connectionString} onChange={(e) => setConnectionString(e.target.value)} />
        </label>
        {fieldErrors["postgres.connectionString"] && (
          <span data-testid="error-postgres.connectionString">
            {fieldErrors["postgres.connectionString"]}
          </span>
        )}
        <button type="submit">Add</button>
      </form>
      <p data-testid="message">{message}</p>
    </div>
  );
}
