import { useConnectors, useConnectorTypes } from "@lakesync/react";
import { useState } from "react";
import { ConnectorForm } from "../components/connector-form.js";
import { TypePicker } from "../components/type-picker.js";

/** Pick a type, fill its form, register. */
export function AddConnectorPage(props: { onDone: () => void }) {
  const { types, isLoading, error } = useConnectorTypes();
  const { register } = useConnectors();
  const [type, setType] = useState("");
  const descriptor = types.find((t) => t.type === type);
  return (
    <main>
      <header className="bar">
        <h1>Add connector</h1>
        <button type="button" className="secondary" onClick={props.onDone}>
          Back to the list
        </button>
      </header>
      {isLoading && <p>Loading the connector types…</p>}
      {error && <p className="form-error">Could not load the connector types: {error.message}</p>}
      <TypePicker types={types} value={type} onChange={setType} />
      {descriptor && (
        <ConnectorForm
          key={descriptor.type}
          descriptor={descriptor}
          onSubmit={async (body) => {
            await register(body as Parameters<typeof register>[0]);
            props.onDone();
          }}
        />
      )}
    </main>
  );
}
