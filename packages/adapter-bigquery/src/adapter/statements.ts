import { arrayParam, param, type QueryParameter } from "../client/query-parameters.js";

/**
 * A GoogleSQL script under construction: statements with named parameters `@p0, @p1, ...`
 * numbered across the whole script, so one jobs.query call carries them all.
 */
export class Script {
  readonly #statements: string[] = [];
  readonly #params: QueryParameter[] = [];

  /** Adds a parameter and answers its reference (`@p7`). */
  bind(type: string, value: string | null): string {
    const name = `p${this.#params.length}`;
    this.#params.push(param(name, type, value));
    return `@${name}`;
  }

  /** Adds an `ARRAY<type>` parameter (e.g. for `x IN UNNEST(@p3)`) and answers its reference. */
  bindArray(type: string, values: readonly string[]): string {
    const name = `p${this.#params.length}`;
    this.#params.push(arrayParam(name, type, values));
    return `@${name}`;
  }

  add(statement: string): void {
    this.#statements.push(statement);
  }

  get paramCount(): number {
    return this.#params.length;
  }

  get isEmpty(): boolean {
    return this.#statements.length === 0;
  }

  /** The script in one transaction (all or nothing), and its parameters. */
  transaction(): { sql: string; params: QueryParameter[] } {
    return {
      sql: ["BEGIN TRANSACTION", ...this.#statements, "COMMIT TRANSACTION"].join(";\n"),
      params: this.#params,
    };
  }
}

/** An `INSERT ... VALUES` of rows whose cells are bound parameters of the given types. */
export function insertValues(
  script: Script,
  table: string,
  columns: readonly { readonly name: string; readonly type: string }[],
  rows: readonly (readonly (string | null)[])[],
): void {
  if (rows.length === 0) return;
  const values = rows.map(
    (row) => `(${columns.map((column, i) => script.bind(column.type, row[i] ?? null)).join(", ")})`,
  );
  script.add(
    `INSERT INTO ${table} (${columns.map((c) => c.name).join(", ")}) VALUES ${values.join(", ")}`,
  );
}
