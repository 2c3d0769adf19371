import { FieldErrorList } from "./field-errors.js";
import { formatPath, labelFor } from "./field-path.js";
import type { FieldProps } from "./field-props.js";
import { initialValue } from "./initial-value.js";
import { SchemaField } from "./schema-field.js";

/** A list with a row per item (each rendered from `items`), "Add" and "Remove" buttons. */
export function ArrayField(props: FieldProps) {
  const { schema, path, onChange } = props;
  const id = formatPath(path);
  const items = Array.isArray(props.value) ? props.value : [];
  const itemSchema = schema.items ?? {};
  return (
    <fieldset className="array-field" data-field={id}>
      <legend>
        {props.label}
        {props.required && <span className="required"> *</span>}
      </legend>
      {schema.description && <p className="hint">{schema.description}</p>}
      <FieldErrorList path={id} />
      {items.map((item, index) => (
        // Rows have no identity of their own: the index is their key.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <div className="array-row" key={index} data-row={`${id}[${index}]`}>
          <SchemaField
            schema={itemSchema}
            path={[...path, index]}
            value={item}
            required
            label={`${props.label} ${labelFor(index)}`}
            onChange={(next) => onChange(items.map((old, i) => (i === index ? next : old)))}
          />
          <button
            type="button"
            className="secondary"
            onClick={() => onChange(items.filter((_, i) => i !== index))}
          >
            Remove {props.label.toLowerCase()} {labelFor(index)}
          </button>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...items, initialValue(itemSchema)])}>
        Add {props.label.toLowerCase()}
      </button>
    </fieldset>
  );
}
