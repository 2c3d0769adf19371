/** What a test changes in one of the spec's connector bodies. */
export interface SpecBodyEdits {
  /** Fields set in the connector's type block (`postgres`, `jira`, ...). */
  readonly block?: Readonly<Record<string, unknown>>;
  /** Fields set in its `ingest` block. */
  readonly ingest?: Readonly<Record<string, unknown>>;
  /** Fields set in its first ingest table. */
  readonly table?: Readonly<Record<string, unknown>>;
}

/**
 * One of the spec's connector bodies with a test's edits (its database pointed at the test
 * server, a shorter interval), as JSON text: everything else stays the spec's.
 * @example specBodyWith(specConnectorBodies.usersDb, { block: { connectionString: PG_URL } })
 */
export function specBodyWith(body: string, edits: SpecBodyEdits): string {
  const config = JSON.parse(body) as Record<string, unknown> & { type: string };
  const merge = (key: string, fields: Readonly<Record<string, unknown>> | undefined) => {
    if (fields) config[key] = { ...(config[key] as object), ...fields };
  };
  merge(config.type, edits.block);
  merge("ingest", edits.ingest);
  if (edits.table) {
    const ingest = config["ingest"] as { tables: Record<string, unknown>[] };
    ingest.tables = [{ ...ingest.tables[0], ...edits.table }, ...ingest.tables.slice(1)];
  }
  return JSON.stringify(config, null, 1);
}
