import { FieldErrorList } from "./field-errors.js";
import { formatPath } from "./field-path.js";
import type { FieldProps } from "./field-props.js";
import { initialValue } from "./initial-value.js";
import { alternatives, isRecord, type JsonSchema } from "./json-schema.js";
import { ObjectField } from "./object-field.js";
import { pickAlternative } from "./validate.js";

/**
 * A `oneOf`: a select of its alternatives (named by their `const` discriminator, e.g.
 * `strategy.type` cursor | diff), then the chosen alternative's own fields.
 */
export function OneOfField(props: FieldProps) {
  const options = alternatives(props.schema) ?? [];
  const chosen = pickAlternative(options, props.value);
  const id = formatPath(props.path);
  const discriminator = discriminatorOf(options);
  const selected = chosen ? options.indexOf(chosen) : 0;
  return (
    <div className="one-of-field" data-field={id}>
      <label>
        {discriminator ? `${props.label} ${discriminator}` : props.label}
        <select
          name={discriminator ? formatPath([...props.path, discriminator]) : id}
          value={String(selected)}
          onChange={(e) => {
            const option = options[Number(e.target.value)];
            if (option) props.onChange(initialValue(option));
          }}
        >
          {options.map((option, index) => (
            <option key={optionName(option, discriminator, index)} value={String(index)}>
              {optionName(option, discriminator, index)}
            </option>
          ))}
        </select>
      </label>
      {chosen?.description && <p className="hint">{chosen.description}</p>}
      <FieldErrorList path={id} />
      {discriminator && <FieldErrorList path={formatPath([...props.path, discriminator])} />}
      {chosen && isRecord(props.value) && (
        <ObjectField {...props} schema={chosen} required hideConstFields bare />
      )}
    </div>
  );
}

/** The property every alternative fixes with `const` (`type`), if there is one. */
function discriminatorOf(options: readonly JsonSchema[]): string | undefined {
  const first = options[0]?.properties ?? {};
  return Object.keys(first).find((key) =>
    options.every((option) => option.properties?.[key]?.const !== undefined),
  );
}

function optionName(option: JsonSchema, discriminator: string | undefined, index: number): string {
  const constant = discriminator ? option.properties?.[discriminator]?.const : undefined;
  return constant !== undefined ? String(constant) : (option.title ?? `Option ${index + 1}`);
}
