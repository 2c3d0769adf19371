import type { ConnectorStatus } from "@lakesync/client";

/** The connectors with their live status and a Remove button each. */
export function ConnectorTable(props: {
  connectors: readonly ConnectorStatus[];
  onRemove: (name: string) => void;
}) {
  if (props.connectors.length === 0) return <p className="empty">No connectors yet.</p>;
  return (
    <table className="connectors">
      <thead>
        <tr>
          <th>Name</th>
          <th>Type</th>
          <th>State</th>
          <th>Polling</th>
          <th>Last poll</th>
          <th>Last error</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {props.connectors.map((c) => (
          <tr key={c.name} data-connector={c.name}>
            <td>{c.name}</td>
            <td>{c.type}</td>
            <td className={`state state-${c.state}`}>{c.state}</td>
            <td>{c.hasIngest ? (c.isPolling ? "yes" : "no") : "no ingest"}</td>
            <td>{c.lastPollAt ? new Date(c.lastPollAt).toLocaleString() : "never"}</td>
            <td className="error">{c.lastError ?? ""}</td>
            <td>
              <button type="button" className="danger" onClick={() => props.onRemove(c.name)}>
                Remove
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
