import type { FieldPath } from "./field-path.js";
import type { FormValue, JsonSchema } from "./json-schema.js";

/** What every field renderer gets. */
export interface FieldProps {
  readonly schema: JsonSchema;
  readonly path: FieldPath;
  readonly value: FormValue;
  readonly onChange: (value: FormValue) => void;
  readonly required: boolean;
  /** The label; defaults to the schema's title or the property name. */
  readonly label: string;
}
