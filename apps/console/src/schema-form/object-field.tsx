import { FieldErrorList } from "./field-errors.js";
import { formatPath, labelFor } from "./field-path.js";
import type { FieldProps } from "./field-props.js";
import { initialValue } from "./initial-value.js";
import { type FormValue, isRecord } from "./json-schema.js";
import { SchemaField } from "./schema-field.js";

/**
 * A fieldset of the object's properties, required ones first. An optional object is left out
 * of the value until its checkbox turns it on.
 */
export function ObjectField(props: FieldProps & { hideConstFields?: boolean; bare?: boolean }) {
  const { schema, path, value, onChange, required } = props;
  const id = formatPath(path);
  const present = isRecord(value);
  const requiredKeys = new Set(schema.required ?? []);
  const entries = Object.entries(schema.properties ?? {}).sort(
    ([a], [b]) => Number(requiredKeys.has(b)) - Number(requiredKeys.has(a)),
  );
  const record: { [key: string]: FormValue } = present ? value : {};
  const fields =
    present &&
    entries.map(([key, child]) =>
      props.hideConstFields && child.const !== undefined ? null : (
        <SchemaField
          key={key}
          schema={child}
          path={[...path, key]}
          value={record[key]}
          required={requiredKeys.has(key)}
          label={child.title ?? labelFor(key)}
          onChange={(next) => {
            const copy = { ...record };
            if (next === undefined) delete copy[key];
            else copy[key] = next;
            onChange(copy);
          }}
        />
      ),
    );
  // Inside a oneOf: the alternative's fields only, its select already names it.
  if (props.bare) return <div className="object-fields">{fields}</div>;
  return (
    <fieldset className="object-field" data-field={id}>
      <legend>
        {!required && (
          <input
            type="checkbox"
            aria-label={`Configure ${props.label}`}
            checked={present}
            onChange={(e) => onChange(e.target.checked ? initialValue(schema) : undefined)}
          />
        )}{" "}
        {props.label}
        {required && <span className="required"> *</span>}
      </legend>
      {schema.description && <p className="hint">{schema.description}</p>}
      <FieldErrorList path={id} />
      {fields}
    </fieldset>
  );
}
