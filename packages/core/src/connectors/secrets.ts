import { getConnectorEntry } from "./registry.js";
import { joinSecretPath } from "./secret-paths.js";
import type { ConnectorConfig, ConnectorConfigBase } from "./types.js";

/**
 * The secret fields of a connector type, as dotted paths from the config root. They
 * are the fields its descriptor's JSON Schemas mark `writeOnly` (or `format:
 * "password"`); `[]` stands for any array item, `*` for any map key. Empty for a type
 * with no descriptor.
 * @example secretFields("salesforce") // ["salesforce.clientSecret", "salesforce.password"]
 */
export function secretFields(type: string): string[] {
  return (getConnectorEntry(type)?.secretPaths ?? []).map(joinSecretPath);
}

/** Options of `redactConnectorConfig`. */
export interface RedactOptions {
  /** Put this string in place of each secret instead of removing the field. */
  readonly replaceWith?: string;
}

/**
 * A copy of a config that is safe to display or log: every secret field is removed (or
 * replaced by `replaceWith`). The input is not modified. A config whose type has no
 * descriptor keeps only `type` and `name`, since its secrets cannot be known.
 * @example redactConnectorConfig(config) // { type: "postgres", name: "pg", postgres: {} }
 * @example redactConnectorConfig(config, { replaceWith: "********" })
 */
export function redactConnectorConfig(
  config: ConnectorConfig,
  options: RedactOptions = {},
): ConnectorConfigBase & Record<string, unknown> {
  const entry = getConnectorEntry(config.type);
  if (!entry) return { type: config.type, name: config.name };
  const copy = structuredClone(config) as ConnectorConfigBase & Record<string, unknown>;
  for (const path of entry.secretPaths) redactAt(copy, path, options.replaceWith);
  return copy;
}

function redactAt(node: unknown, path: readonly string[], replaceWith: string | undefined): void {
  const [head, ...rest] = path;
  if (head === undefined || typeof node !== "object" || node === null) return;
  if (head === "[]" || head === "*") {
    const children = Array.isArray(node) ? node.keys() : Object.keys(node);
    const container = node as Record<string | number, unknown>;
    for (const key of children) {
      if (rest.length === 0) replace(container, key, replaceWith);
      else redactAt(container[key], rest, replaceWith);
    }
    return;
  }
  const container = node as Record<string, unknown>;
  if (!Object.hasOwn(container, head)) return;
  if (rest.length === 0) replace(container, head, replaceWith);
  else redactAt(container[head], rest, replaceWith);
}

function replace(
  container: Record<string | number, unknown>,
  key: string | number,
  replaceWith: string | undefined,
): void {
  if (replaceWith === undefined) {
    if (Array.isArray(container)) container[key as number] = undefined;
    else delete container[key];
  } else {
    container[key] = replaceWith;
  }
}
