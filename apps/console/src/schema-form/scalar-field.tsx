import { FieldErrorList, useFieldErrors } from "./field-errors.js";
import { formatPath } from "./field-path.js";
import type { FieldProps } from "./field-props.js";
import { isSecret, schemaType } from "./json-schema.js";

/**
 * One input: a select for an enum, a checkbox for a boolean, a number input for numbers and
 * integers, a password input for secrets (`writeOnly` or `format: "password"`), else text.
 */
export function ScalarField(props: FieldProps) {
  const { schema, value, onChange } = props;
  const name = formatPath(props.path);
  const errors = useFieldErrors(name);
  const invalid = errors.length > 0;
  const type = schemaType(schema);
  const common = {
    id: `field-${name}`,
    name,
    "aria-invalid": invalid,
    "aria-required": props.required,
  };
  let input: React.ReactNode;
  if (schema.enum) {
    input = (
      <select
        {...common}
        value={value === undefined ? "" : String(value)}
        onChange={(e) => {
          const picked = schema.enum?.find((option) => String(option) === e.target.value);
          onChange(e.target.value === "" ? undefined : (picked as typeof value));
        }}
      >
        <option value="">{props.required ? "Choose…" : "(not set)"}</option>
        {schema.enum.map((option) => (
          <option key={String(option)} value={String(option)}>
            {String(option)}
          </option>
        ))}
      </select>
    );
  } else if (type === "boolean") {
    input = (
      <input
        {...common}
        type="checkbox"
        checked={value === true}
        onChange={(e) => onChange(e.target.checked)}
      />
    );
  } else if (type === "number" || type === "integer") {
    input = (
      <input
        {...common}
        type="number"
        step={type === "integer" ? 1 : "any"}
        min={schema.minimum}
        max={schema.maximum}
        placeholder={schema.default !== undefined ? String(schema.default) : undefined}
        value={typeof value === "number" ? value : typeof value === "string" ? value : ""}
        onChange={(e) => {
          const raw = e.target.value;
          onChange(raw === "" ? undefined : Number.isNaN(Number(raw)) ? raw : Number(raw));
        }}
      />
    );
  } else {
    input = (
      <input
        {...common}
        type={isSecret(schema) ? "password" : "text"}
        autoComplete={isSecret(schema) ? "new-password" : "off"}
        placeholder={schema.default !== undefined ? String(schema.default) : undefined}
        value={typeof value === "string" ? value : value === undefined ? "" : String(value)}
        onChange={(e) => onChange(e.target.value === "" ? undefined : e.target.value)}
      />
    );
  }
  return (
    <div className={`field${invalid ? " invalid" : ""}`} data-field={name}>
      <label htmlFor={common.id}>
        {props.label}
        {props.required && <span className="required"> *</span>}
      </label>
      {input}
      {schema.description && <p className="hint">{schema.description}</p>}
      <FieldErrorList path={name} />
    </div>
  );
}
