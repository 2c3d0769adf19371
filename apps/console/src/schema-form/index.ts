// A form rendered from JSON Schema draft-07 alone: no per-connector-type code.
export { FieldErrorsProvider } from "./field-errors.js";
export { type FieldPath, formatPath } from "./field-path.js";
export { initialValue } from "./initial-value.js";
export type { FormValue, JsonSchema } from "./json-schema.js";
export { prune } from "./prune.js";
export { SchemaField } from "./schema-field.js";
export { type FieldIssue, validate } from "./validate.js";
