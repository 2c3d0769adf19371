import { z } from "zod";
import { tableSchemaZod } from "../schema/index.js";
import { builtInConnectors } from "./builtins.js";
import { deepFreeze } from "./deep-freeze.js";
import { toConnectorIssues } from "./issues.js";
import { findSecretPaths } from "./secret-paths.js";
import type { ConnectorDescriptor } from "./types.js";

/**
 * The connector descriptor registry: one per process, shared by every gateway.
 *
 * - Built-in types are registered by core, in the spec's order, and can be neither
 *   replaced nor removed.
 * - Registering a custom type that is already registered replaces it (module reloads
 *   re-register), keeping its place in the list.
 * - A malformed descriptor is a programming error: registration throws a TypeError.
 */

/** A registered type: its frozen descriptor and what validates configs of that type. */
export interface ConnectorEntry {
  readonly descriptor: Readonly<ConnectorDescriptor>;
  readonly configValidator: z.ZodType;
  readonly ingestValidator: z.ZodType;
  /** Secret fields, relative to the whole config (`["postgres", "connectionString"]`). */
  readonly secretPaths: ReadonlyArray<readonly string[]>;
  readonly builtIn: boolean;
}

const reservedTypes = new Set(["type", "name", "ingest"]);
const draft7 = /^https?:\/\/json-schema\.org\/draft-07\/schema#?$/;

const jsonSchemaObject = z
  .record(z.string(), z.unknown())
  .refine(
    (s) => s.$schema === undefined || (typeof s.$schema === "string" && draft7.test(s.$schema)),
    'must be JSON Schema draft-07 ("$schema": "http://json-schema.org/draft-07/schema#")',
  );

const descriptorShape = z.strictObject({
  type: z
    .string()
    .regex(
      /^[a-z][a-z0-9_-]{0,63}$/,
      "must be 1-64 lowercase letters, digits, '_' or '-', starting with a letter",
    )
    .refine((t) => !reservedTypes.has(t), "must not be type, name or ingest (config fields)"),
  displayName: z.string().min(1).max(100),
  description: z.string().min(1),
  category: z.enum(["database", "api"]),
  configSchema: jsonSchemaObject.refine(
    (s) => s.type === "object",
    'must describe an object ("type": "object")',
  ),
  ingestSchema: jsonSchemaObject,
  outputTables: z
    .array(tableSchemaZod)
    .nullable()
    .refine(
      (tables) => tables === null || new Set(tables.map((t) => t.table)).size === tables.length,
      "must not name a table twice",
    ),
});

const entries = new Map<string, ConnectorEntry>(
  builtInConnectors().map(({ descriptor, configValidator, ingestValidator }) => [
    descriptor.type,
    {
      descriptor: deepFreeze(descriptor),
      configValidator,
      ingestValidator,
      secretPaths: secretPathsOf(descriptor),
      builtIn: true,
    },
  ]),
);

/**
 * Registers a custom connector type, so `validateConnectorConfig` accepts it and
 * `listConnectorDescriptors` (hence `GET /connectors/types`) shows it. Its config block
 * is validated against `configSchema`, its `ingest` against `ingestSchema`.
 * Re-registering a custom type replaces it; built-in types cannot be replaced.
 * @throws TypeError when the descriptor is malformed or its schemas cannot be used.
 * @example
 * registerConnectorDescriptor({
 *   type: "cloudwatch",
 *   displayName: "CloudWatch",
 *   description: "AWS CloudWatch Logs connector.",
 *   category: "api",
 *   configSchema: {
 *     $schema: "http://json-schema.org/draft-07/schema#",
 *     type: "object",
 *     properties: { logGroupName: { type: "string" }, region: { type: "string" } },
 *     required: ["logGroupName", "region"],
 *   },
 *   ingestSchema: { type: "object", properties: { intervalMs: { type: "integer" } } },
 *   outputTables: null,
 * });
 */
export function registerConnectorDescriptor(descriptor: ConnectorDescriptor): void {
  if (typeof descriptor !== "object" || descriptor === null || Array.isArray(descriptor)) {
    throw new TypeError("Invalid connector descriptor: it must be an object");
  }
  const parsed = descriptorShape.safeParse(descriptor);
  const label = describeType(descriptor);
  if (!parsed.success) {
    const problems = toConnectorIssues(parsed.error.issues).map((i) => i.message);
    throw new TypeError(`Invalid connector descriptor${label}: ${problems.join("; ")}`);
  }
  const type = parsed.data.type;
  if (entries.get(type)?.builtIn) {
    throw new TypeError(`Connector type "${type}" is built in and cannot be replaced`);
  }
  let copy: ConnectorDescriptor;
  try {
    copy = structuredClone(descriptor);
  } catch (cause) {
    throw new TypeError(`Invalid connector descriptor${label}: it must be plain JSON data`, {
      cause,
    });
  }
  entries.set(type, {
    descriptor: deepFreeze(copy),
    configValidator: toValidator(copy.configSchema, "configSchema", label),
    ingestValidator: toValidator(copy.ingestSchema, "ingestSchema", label),
    secretPaths: secretPathsOf(copy),
    builtIn: false,
  });
}

/**
 * Removes a custom connector type; returns whether it was registered.
 * @throws TypeError for a built-in type.
 * @example afterEach(() => unregisterConnectorDescriptor("cloudwatch"));
 */
export function unregisterConnectorDescriptor(type: string): boolean {
  if (entries.get(type)?.builtIn) {
    throw new TypeError(`Connector type "${type}" is built in and cannot be removed`);
  }
  return entries.delete(type);
}

/**
 * Removes every custom connector type, leaving the built-ins: for test isolation.
 * @example afterEach(resetConnectorDescriptors);
 */
export function resetConnectorDescriptors(): void {
  for (const [type, entry] of entries) if (!entry.builtIn) entries.delete(type);
}

/**
 * The descriptor of a type, or undefined when none is registered. Frozen.
 * @example getConnectorDescriptor("jira")?.outputTables
 */
export function getConnectorDescriptor(type: string): Readonly<ConnectorDescriptor> | undefined {
  return entries.get(type)?.descriptor;
}

/**
 * Every registered descriptor: built-ins in the spec's order (postgres, mysql, bigquery,
 * jira, salesforce), then custom types in registration order. Frozen.
 * @example app.get("/connectors/types", (c) => c.json(listConnectorDescriptors()));
 */
export function listConnectorDescriptors(): ReadonlyArray<Readonly<ConnectorDescriptor>> {
  return [...entries.values()].map((e) => e.descriptor);
}

/** The registry entry of a type (internal: validation and secrets use it). */
export function getConnectorEntry(type: string): ConnectorEntry | undefined {
  return entries.get(type);
}

function toValidator(schema: Record<string, unknown>, field: string, label: string): z.ZodType {
  try {
    // The shape check above made sure this is an object; zod checks the rest.
    return z.fromJSONSchema(schema as z.core.JSONSchema.JSONSchema, { defaultTarget: "draft-7" });
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new TypeError(
      `Invalid connector descriptor${label}: ${field} cannot be used to validate configs (${reason})`,
      { cause },
    );
  }
}

function secretPathsOf(descriptor: ConnectorDescriptor): string[][] {
  return [
    ...findSecretPaths(descriptor.configSchema).map((p) => [descriptor.type, ...p]),
    ...findSecretPaths(descriptor.ingestSchema).map((p) => ["ingest", ...p]),
  ];
}

function describeType(descriptor: object): string {
  const type: unknown = (descriptor as { type?: unknown }).type;
  return typeof type === "string" ? ` "${type.slice(0, 64)}"` : "";
}
