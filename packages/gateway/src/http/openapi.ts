import {
  connectorNameSchema,
  listConnectorDescriptors,
  syncRulesZod,
  tableSchemaZod,
} from "@lakesync/core";
import { z } from "zod";
import { pullQueryZod, pushBodyZod } from "./bodies.js";
import { type HttpErrorCode, httpStatusByCode } from "./errors.js";
import { type JsonSchema, SchemaComponents } from "./json-schema.js";
import {
  connectorListZod,
  connectorRegisteredZod,
  connectorUnregisteredZod,
  errorBodyZod,
  flushedZod,
  healthZod,
  pullResponseZod,
  pushResponseZod,
  schemaRegisteredZod,
  syncRulesUpdatedZod,
} from "./responses.js";

type Access = "none" | "admin" | "gateway";

interface RouteDoc {
  readonly method: "get" | "post" | "delete";
  /** OpenAPI form: `/admin/connectors/{gw}`. */
  readonly path: string;
  readonly summary: string;
  readonly access: Access;
  readonly body?: JsonSchema;
  readonly query?: ReadonlyArray<{ name: string; description: string; schema: z.ZodType }>;
  /** Success status and its body. */
  readonly ok: readonly [number, string, JsonSchema];
  /** Error codes this route answers with besides the auth and body ones. */
  readonly errors?: readonly HttpErrorCode[];
}

const BODY_ERRORS: readonly HttpErrorCode[] = [
  "INVALID_REQUEST",
  "PAYLOAD_TOO_LARGE",
  "UNSUPPORTED_MEDIA_TYPE",
];

/**
 * The OpenAPI 3.1 document of the gateway app, generated from the zod schemas the routes
 * validate with; the connector config body is built from the registered descriptors, so
 * custom connector types appear in it.
 * @example app.get("/openapi.json", (c) => c.json(buildOpenApiDocument({ maxBodyBytes })))
 */
export function buildOpenApiDocument(options: { maxBodyBytes: number }): Record<string, unknown> {
  const components = new SchemaComponents();
  const errorRef = components.addZod("ErrorBody", errorBodyZod, "output");
  const ref = (name: string, schema: z.ZodType) => components.addZod(name, schema, "output");

  const routes: RouteDoc[] = [
    {
      method: "get",
      path: "/health",
      summary: "Liveness check",
      access: "none",
      ok: [200, "The gateway is up", ref("Health", healthZod)],
    },
    {
      method: "get",
      path: "/openapi.json",
      summary: "This document",
      access: "none",
      ok: [200, "OpenAPI 3.1 document", { type: "object" }],
    },
    {
      method: "get",
      path: "/connectors/types",
      summary: "Connector descriptors (built-in and custom), to render connector forms",
      access: "none",
      ok: [200, "Every registered connector type", descriptorList()],
    },
    {
      method: "post",
      path: "/admin/connectors/{gw}",
      summary: "Register a connector",
      access: "admin",
      body: connectorConfig(components),
      ok: [201, "Registered", ref("ConnectorRegistered", connectorRegisteredZod)],
      errors: [
        "INVALID_CONFIG",
        "UNKNOWN_CONNECTOR_TYPE",
        "CONNECTOR_CHECK_FAILED",
        "CONNECTOR_EXISTS",
        "ADAPTER_ERROR",
      ],
    },
    {
      method: "get",
      path: "/admin/connectors/{gw}",
      summary: "List connectors with their status; never a secret",
      access: "admin",
      ok: [200, "The gateway's connectors", ref("ConnectorList", connectorListZod)],
    },
    {
      method: "delete",
      path: "/admin/connectors/{gw}/{name}",
      summary: "Unregister a connector: stops its poller, closes its connections",
      access: "admin",
      ok: [200, "Unregistered", ref("ConnectorUnregistered", connectorUnregisteredZod)],
      errors: ["CONNECTOR_NOT_FOUND"],
    },
    {
      method: "post",
      path: "/admin/sync-rules/{gw}",
      summary: "Replace the sync rules",
      access: "admin",
      body: components.addZod("SyncRules", syncRulesZod),
      ok: [200, "Rules in force", ref("SyncRulesUpdated", syncRulesUpdatedZod)],
      errors: ["INVALID_SYNC_RULES"],
    },
    {
      method: "post",
      path: "/admin/schema/{gw}",
      summary: "Register a table schema",
      access: "admin",
      body: components.addZod("TableSchema", tableSchemaZod),
      ok: [200, "Registered", ref("SchemaRegistered", schemaRegisteredZod)],
      errors: ["INVALID_SCHEMA", "ADAPTER_ERROR"],
    },
    {
      method: "post",
      path: "/admin/flush/{gw}",
      summary: "Flush the gateway's buffer to its store",
      access: "admin",
      ok: [200, "Flushed", ref("Flushed", flushedZod)],
      errors: ["FLUSH_ERROR"],
    },
    {
      method: "post",
      path: "/sync/{gw}/push",
      summary: "Push a batch of deltas (all or none)",
      access: "gateway",
      body: components.addZod("PushBody", pushBodyZod),
      ok: [200, "Accepted", ref("PushResponse", pushResponseZod)],
      errors: ["INVALID_DELTA", "INVALID_HLC", "CLOCK_DRIFT", "BACKPRESSURE"],
    },
    {
      method: "get",
      path: "/sync/{gw}/pull",
      summary: "Pull a page of deltas the sync rules let the caller see",
      access: "gateway",
      query: [
        {
          name: "since",
          description: 'The previous page\'s serverHlc; default "0".',
          schema: pullQueryZod.shape.since,
        },
        {
          name: "clientId",
          description: "The pulling client; default the token's sub.",
          schema: pullQueryZod.shape.clientId,
        },
        {
          name: "limit",
          description: "Page size; the gateway may lower it.",
          schema: pullQueryZod.shape.limit,
        },
        {
          name: "source",
          description: "Read this database connector's delta log.",
          schema: pullQueryZod.shape.source,
        },
      ],
      ok: [200, "A page of deltas", ref("PullResponse", pullResponseZod)],
      errors: ["INVALID_REQUEST", "SOURCE_NOT_FOUND", "ADAPTER_ERROR"],
    },
  ];

  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const operations = paths[route.path] ?? {};
    operations[route.method] = operation(route, errorRef, options.maxBodyBytes);
    paths[route.path] = operations;
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "LakeSync gateway",
      version: "0.1.0",
      description:
        "Sync and admin API of a LakeSync gateway. HLC timestamps travel as decimal strings. " +
        "Errors are `{ error: { code, message, issues? } }`.",
    },
    paths,
    components: {
      schemas: components.schemas,
      securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
    },
  };
}

function operation(route: RouteDoc, errorRef: JsonSchema, maxBodyBytes: number) {
  const [okStatus, okDescription, okSchema] = route.ok;
  const codes = new Set<HttpErrorCode>(route.errors ?? []);
  if (route.body) for (const code of BODY_ERRORS) codes.add(code);
  if (route.access !== "none") codes.add("UNAUTHORIZED").add("FORBIDDEN");
  codes.add("INTERNAL");

  const responses: Record<string, unknown> = {
    [String(okStatus)]: { description: okDescription, content: json(okSchema) },
  };
  const byStatus = new Map<number, HttpErrorCode[]>();
  for (const code of codes) {
    const status = httpStatusByCode[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[String(status)] = { description: list.join(", "), content: json(errorRef) };
  }

  const parameters: unknown[] = [];
  for (const name of route.path.match(/\{(\w+)\}/g) ?? []) {
    const param = name.slice(1, -1);
    parameters.push({
      name: param,
      in: "path",
      required: true,
      description:
        param === "gw" ? "Gateway id; must equal the token's gw claim." : "Connector name.",
      schema: param === "name" ? inlineZod(connectorNameSchema) : { type: "string", minLength: 1 },
    });
  }
  for (const q of route.query ?? []) {
    parameters.push({
      name: q.name,
      in: "query",
      required: false,
      description: q.description,
      schema: inlineZod(q.schema),
    });
  }

  return {
    summary: route.summary,
    ...(route.access === "none" ? { security: [] } : { security: [{ bearer: [] }] }),
    ...(route.access === "admin" ? { description: 'Needs a token with role "admin".' } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.body
      ? {
          requestBody: {
            required: true,
            description: `JSON, at most ${maxBodyBytes} bytes.`,
            content: json(route.body),
          },
        }
      : {}),
    responses,
  };
}

/** The body of `POST /admin/connectors/{gw}`: one variant per registered connector type. */
function connectorConfig(components: SchemaComponents): JsonSchema {
  const name = inlineZod(connectorNameSchema);
  const variants = listConnectorDescriptors().map((d) => {
    const prefix = `ConnectorConfig.${d.type}`;
    return {
      title: d.displayName,
      type: "object",
      properties: {
        type: { const: d.type },
        name,
        [d.type]: components.inline(`${prefix}.config`, structuredClone(d.configSchema)),
        ingest: components.inline(`${prefix}.ingest`, structuredClone(d.ingestSchema)),
      },
      required: ["type", "name", d.type],
      additionalProperties: false,
    };
  });
  return components.add("ConnectorConfig", { oneOf: variants });
}

function descriptorList(): JsonSchema {
  return {
    type: "array",
    items: {
      type: "object",
      properties: {
        type: { type: "string" },
        displayName: { type: "string" },
        description: { type: "string" },
        category: { enum: ["database", "api"] },
        configSchema: { type: "object", description: "JSON Schema draft-07 of the config block." },
        ingestSchema: { type: "object", description: "JSON Schema draft-07 of `ingest`." },
        outputTables: { type: ["array", "null"] },
      },
      required: [
        "type",
        "displayName",
        "description",
        "category",
        "configSchema",
        "ingestSchema",
        "outputTables",
      ],
    },
  };
}

function inlineZod(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: "input" }) as JsonSchema;
  return rest;
}

function json(schema: JsonSchema) {
  return { "application/json": { schema } };
}
