import type { ConnectorDescriptor } from "@lakesync/core";
import type { JsonSchema } from "./schema-form/index.js";

/**
 * The schema of a register body for a type, built from its descriptor alone:
 * `{ name, [type]: configSchema, ingest?: ingestSchema }`.
 */
export function connectorBodySchema(descriptor: Readonly<ConnectorDescriptor>): JsonSchema {
  const properties: Record<string, JsonSchema> = {
    name: {
      type: "string",
      minLength: 1,
      description: "A name for this connector, unique in the gateway.",
    },
    [descriptor.type]: {
      title: descriptor.displayName,
      ...(descriptor.configSchema as JsonSchema),
    },
  };
  const ingest = descriptor.ingestSchema as JsonSchema;
  if (ingest && Object.keys(ingest.properties ?? {}).length > 0) {
    properties.ingest = { title: "Ingest", ...ingest };
  }
  return { type: "object", properties, required: ["name", descriptor.type] };
}
