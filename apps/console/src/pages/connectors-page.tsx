import { useConnectors } from "@lakesync/react";
import { useState } from "react";
import { ConfirmDialog } from "../components/confirm-dialog.js";
import { ConnectorTable } from "../components/connector-table.js";

/** The connectors of the gateway, refreshed live. */
export function ConnectorsPage(props: {
  gatewayId: string;
  onAdd: () => void;
  onSignOut: () => void;
}) {
  const { connectors, isLoading, error, unregister } = useConnectors();
  const [removing, setRemoving] = useState<string | null>(null);
  const [removeError, setRemoveError] = useState<string | null>(null);
  return (
    <main>
      <header className="bar">
        <h1>Connectors of {props.gatewayId}</h1>
        <div className="actions">
          <button type="button" onClick={props.onAdd}>
            Add connector
          </button>
          <button type="button" className="secondary" onClick={props.onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      {isLoading && <p>Loading…</p>}
      {error && (
        <p className="form-error" role="alert">
          {error.message}
        </p>
      )}
      {removeError && (
        <p className="form-error" role="alert">
          {removeError}
        </p>
      )}
      <ConnectorTable connectors={connectors} onRemove={setRemoving} />
      {removing && (
        <ConfirmDialog
          title="Remove connector"
          message={`Remove the connector "${removing}"? Its poller stops; synced data stays.`}
          confirmLabel="Remove"
          onCancel={() => setRemoving(null)}
          onConfirm={() => {
            const name = removing;
            setRemoving(null);
            setRemoveError(null);
            unregister(name).catch((e: unknown) =>
              setRemoveError(e instanceof Error ? e.message : String(e)),
            );
          }}
        />
      )}
    </main>
  );
}
