/** A named query parameter in jobs.query's wire form. */
export interface QueryParameter {
  readonly name: string;
  readonly parameterType: { readonly type: string; readonly arrayType?: { readonly type: string } };
  readonly parameterValue: {
    readonly value?: string | null;
    readonly arrayValues?: readonly { readonly value: string }[];
  };
}

/** A scalar parameter of a BigQuery type (`STRING`, `INT64`, `TIMESTAMP`, ...); null is NULL. */
export function param(name: string, type: string, value: string | null): QueryParameter {
  return { name, parameterType: { type }, parameterValue: { value } };
}

/** An `ARRAY<type>` parameter, e.g. for `x IN UNNEST(@ids)`. */
export function arrayParam(name: string, type: string, values: readonly string[]): QueryParameter {
  return {
    name,
    parameterType: { type: "ARRAY", arrayType: { type } },
    parameterValue: { arrayValues: values.map((value) => ({ value })) },
  };
}

/** The parameter type to bind a value of a result field's type with (legacy names mapped). */
export function parameterTypeOf(fieldType: string): string {
  switch (fieldType) {
    case "INTEGER":
      return "INT64";
    case "FLOAT":
      return "FLOAT64";
    case "BOOLEAN":
      return "BOOL";
    default:
      return fieldType;
  }
}
