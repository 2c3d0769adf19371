/** The part of JSON Schema draft-07 the form reads. Anything else in a schema is ignored. */
export interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly title?: string;
  readonly description?: string;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly items?: JsonSchema;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly oneOf?: readonly JsonSchema[];
  readonly anyOf?: readonly JsonSchema[];
  readonly default?: unknown;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly minLength?: number;
  readonly pattern?: string;
  readonly minItems?: number;
  readonly format?: string;
  readonly writeOnly?: boolean;
}

/** A JSON value as the form holds it. */
export type FormValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | FormValue[]
  | { [key: string]: FormValue };

/** The schema's type, the first non-null one when it lists several. */
export function schemaType(schema: JsonSchema): string | undefined {
  if (typeof schema.type === "string") return schema.type;
  if (Array.isArray(schema.type)) return schema.type.find((t) => t !== "null");
  if (schema.properties) return "object";
  if (schema.enum) return typeof schema.enum[0] === "number" ? "number" : "string";
  return undefined;
}

/** The alternatives of a `oneOf` / `anyOf`, or undefined. */
export function alternatives(schema: JsonSchema): readonly JsonSchema[] | undefined {
  return schema.oneOf ?? schema.anyOf;
}

/** A secret: rendered as a password input. */
export function isSecret(schema: JsonSchema): boolean {
  return schema.writeOnly === true || schema.format === "password";
}

export const isRecord = (value: unknown): value is { [key: string]: FormValue } =>
  typeof value === "object" && value !== null && !Array.isArray(value);
