import { ArrayField } from "./array-field.js";
import type { FieldProps } from "./field-props.js";
import { alternatives, schemaType } from "./json-schema.js";
import { ObjectField } from "./object-field.js";
import { OneOfField } from "./one-of-field.js";
import { ScalarField } from "./scalar-field.js";

/** Renders any schema: picks the renderer from its shape, never from a connector type. */
export function SchemaField(props: FieldProps) {
  if (alternatives(props.schema)) return <OneOfField {...props} />;
  switch (schemaType(props.schema)) {
    case "object":
      return <ObjectField {...props} />;
    case "array":
      return <ArrayField {...props} />;
    default:
      return <ScalarField {...props} />;
  }
}
