import type { z } from "zod";
import { ValidationError, type ValidationIssue } from "../errors/index.js";
import { Err, Ok, type Result } from "../result/index.js";
import { toConnectorIssues } from "./issues.js";
import { connectorNameSchema } from "./name.js";
import { type ConnectorEntry, getConnectorEntry, listConnectorDescriptors } from "./registry.js";
import type { ConnectorConfig, ConnectorIngestConfig } from "./types.js";

/**
 * Validates a connector config from outside (the admin API body, a config file).
 *
 * Checks `type`, `name`, the block under the type's key (`postgres: {...}`) against the
 * type's schema, the optional `ingest`, and rejects unknown top-level fields. Every
 * problem is reported with its field path; defaults are applied in the returned value.
 * Error code `INVALID_CONFIG`, or `UNKNOWN_CONNECTOR_TYPE` when no descriptor is
 * registered for `type`.
 * @example
 * const result = validateConnectorConfig(await request.json());
 * if (!result.ok) return c.json({ error: result.error }, 400);
 */
export function validateConnectorConfig(input: unknown): Result<ConnectorConfig, ValidationError> {
  if (!isObject(input)) {
    return invalid([{ path: "", message: "body must be an object" }]);
  }
  const issues: ValidationIssue[] = [];
  const type = own(input, "type");
  const name = check(connectorNameSchema, own(input, "name"), ["name"], issues);

  if (typeof type !== "string" || type === "") {
    const problem =
      type === undefined ? "is required" : type === "" ? "must not be empty" : "must be a string";
    issues.push({ path: "type", message: `type ${problem} (known types: ${knownTypes()})` });
    return invalid(issues);
  }
  const entry = getConnectorEntry(type);
  if (!entry) {
    issues.push({
      path: "type",
      message: `type ${JSON.stringify(type.slice(0, 64))} is not a known connector type (known types: ${knownTypes()})`,
    });
    return invalid(issues, "UNKNOWN_CONNECTOR_TYPE");
  }

  issues.push(...unknownFields(input, entry));
  const block = check(entry.configValidator, own(input, type), [type], issues);
  const ingest = checkIngest(entry, own(input, "ingest"), issues);
  if (issues.length > 0) return invalid(issues);

  const config: Record<string, unknown> = { type, name, [type]: block };
  if (ingest !== undefined) config.ingest = ingest;
  // Built from the type's own validated block and ingest: it has the shape of its variant.
  return Ok(config as ConnectorConfig);
}

function checkIngest(
  entry: ConnectorEntry,
  raw: unknown,
  issues: ValidationIssue[],
): ConnectorIngestConfig | undefined {
  if (raw === undefined) return undefined;
  const { descriptor } = entry;
  let value = raw;
  if (descriptor.category === "api" && isObject(raw) && Object.hasOwn(raw, "tables")) {
    if (!declaresProperty(descriptor.ingestSchema, "tables")) {
      issues.push({
        path: "ingest.tables",
        message: `ingest.tables is not accepted: API connectors define their tables internally${tableList(entry)}; ingest takes only intervalMs, chunkSize and memoryBudgetBytes`,
      });
      const { tables: _ignored, ...rest } = raw;
      value = rest;
    }
  }
  // The type's ingest schema decides the shape; built-ins produce ConnectorIngestConfig.
  return check(entry.ingestValidator, value, ["ingest"], issues) as ConnectorIngestConfig;
}

/** Top-level keys other than type, name, ingest and the type's block. */
function unknownFields(input: Record<string, unknown>, entry: ConnectorEntry): ValidationIssue[] {
  const { type, configSchema } = entry.descriptor;
  const allowed = new Set(["type", "name", "ingest", type]);
  const blockFields = isObject(configSchema.properties) ? configSchema.properties : {};
  return Object.keys(input)
    .filter((key) => !allowed.has(key))
    .map((key) => {
      const hint = Object.hasOwn(blockFields, key) ? ` (did you mean ${type}.${key}?)` : "";
      return { path: key, message: `${key} is not a known field${hint}` };
    });
}

function check(
  schema: z.ZodType,
  value: unknown,
  path: readonly string[],
  issues: ValidationIssue[],
): unknown {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  issues.push(...toConnectorIssues(parsed.error.issues, path));
  return undefined;
}

function invalid(
  issues: ValidationIssue[],
  code: "INVALID_CONFIG" | "UNKNOWN_CONNECTOR_TYPE" = "INVALID_CONFIG",
): Result<never, ValidationError> {
  return Err(new ValidationError(issues, code));
}

function knownTypes(): string {
  return listConnectorDescriptors()
    .map((d) => d.type)
    .join(", ");
}

function tableList(entry: ConnectorEntry): string {
  const tables = entry.descriptor.outputTables;
  return tables && tables.length > 0 ? ` (${tables.map((t) => t.table).join(", ")})` : "";
}

function declaresProperty(schema: Record<string, unknown>, key: string): boolean {
  return isObject(schema.properties) && Object.hasOwn(schema.properties, key);
}

function own(obj: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
