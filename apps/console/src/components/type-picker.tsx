import type { ConnectorDescriptor } from "@lakesync/core";

/** A select of the connector types the gateway knows (built-in and custom ones alike). */
export function TypePicker(props: {
  types: readonly Readonly<ConnectorDescriptor>[];
  value: string;
  onChange: (type: string) => void;
}) {
  const chosen = props.types.find((t) => t.type === props.value);
  return (
    <div className="field">
      <label htmlFor="connector-type">Connector type</label>
      <select
        id="connector-type"
        name="connectorType"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      >
        <option value="">Choose a type…</option>
        {props.types.map((t) => (
          <option key={t.type} value={t.type}>
            {t.displayName} ({t.type})
          </option>
        ))}
      </select>
      {chosen && <p className="hint">{chosen.description}</p>}
    </div>
  );
}
