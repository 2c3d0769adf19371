/**
 * Custom connector types of this deployment, registered at module load so both
 * `GET /connectors/types` and the admin validation know them (the Worker and its Durable
 * Objects run this module). The worker stores their configs; it runs none of them.
 * @example
 * import { registerConnectorDescriptor } from "@lakesync/core";
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
export {};
