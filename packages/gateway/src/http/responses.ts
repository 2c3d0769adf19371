import { z } from "zod";
import { rowDeltaJsonZod } from "./wire.js";

/**
 * The response bodies of the routes, as zod schemas: the OpenAPI document is generated from
 * them and the handlers' bodies are checked against their types.
 */

export const validationIssueZod = z.object({
  path: z.string().meta({ description: "Field path, e.g. postgres.connectionString." }),
  message: z.string(),
});

export const errorBodyZod = z
  .object({
    error: z.object({
      code: z.string().meta({ description: "A LakeSync error code, e.g. CONNECTOR_EXISTS." }),
      message: z.string(),
      issues: z.array(validationIssueZod).optional(),
    }),
  })
  .meta({ description: "Every error response." });

export const healthZod = z.object({ status: z.literal("ok") });

export const connectorRegisteredZod = z.object({
  registered: z.literal(true),
  name: z.string(),
  warnings: z
    .array(z.string())
    .optional()
    .meta({ description: "What this host does not do for the connector (e.g. run pollers)." }),
});

export const connectorStatusZod = z
  .object({
    name: z.string(),
    type: z.string(),
    hasIngest: z.boolean(),
    isPolling: z.boolean(),
    state: z.enum(["starting", "polling", "backing_off", "failed", "stopped", "idle"]),
    lastPollAt: z.string().nullable().meta({ description: "ISO time of the last finished poll." }),
    lastError: z.string().nullable(),
    counters: z.object({ polls: z.int(), deltasPushed: z.int(), errors: z.int() }),
    warnings: z.array(z.string()).optional(),
  })
  .meta({ description: "A registered connector. Never contains a secret." });

export const connectorListZod = z.array(connectorStatusZod);

export const connectorUnregisteredZod = z.object({
  unregistered: z.literal(true),
  name: z.string(),
});

export const syncRulesUpdatedZod = z.object({
  updated: z.literal(true),
  buckets: z.int().meta({ description: "Number of buckets now in force." }),
});

export const schemaRegisteredZod = z.object({ registered: z.literal(true), table: z.string() });

export const flushedZod = z.object({
  flushed: z.literal(true),
  bufferStats: z
    .object({ logSize: z.int(), indexSize: z.int(), byteSize: z.int() })
    .meta({ description: "The gateway's buffer after the flush." }),
});

export const pushResponseZod = z.object({
  serverHlc: z.string().meta({ description: "Server HLC after the push, a decimal string." }),
  accepted: z.int().meta({ description: "Deltas that were new; re-sent ones are no-ops." }),
});

export const pullResponseZod = z.object({
  deltas: z.array(rowDeltaJsonZod),
  serverHlc: z.string().meta({ description: "Pass as `since` for the next page." }),
  hasMore: z.boolean(),
  warnings: z.array(z.string()).optional(),
});
