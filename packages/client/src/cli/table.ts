/** One column of a table: its heading and how to read a cell from a row. */
export interface Column<T> {
  readonly heading: string;
  readonly cell: (row: T) => string | number | boolean | null | undefined;
}

/**
 * Renders rows as a plain-text table: a heading line, then one line per row, columns padded
 * to their widest cell and separated by two spaces; cells are kept to one line.
 * @example
 * renderTable([{ name: "db" }], [{ heading: "NAME", cell: (r) => r.name }]) // "NAME\ndb"
 */
export function renderTable<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const grid = [
    columns.map((c) => c.heading),
    ...rows.map((row) => columns.map((c) => clean(c.cell(row)))),
  ];
  const widths = columns.map((_, i) => Math.max(...grid.map((line) => (line[i] ?? "").length)));
  return grid
    .map((line) =>
      line
        .map((cell, i) => (i === line.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

function clean(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined || value === "") return "-";
  return String(value).replace(/\s+/g, " ").trim();
}
