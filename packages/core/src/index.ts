// The public API of @lakesync/core. Each folder's index.ts lists what it makes public.
export * from "./adapter/index.js";
export * from "./connectors/index.js";
export * from "./delta/index.js";
export * from "./encoding/index.js";
export * from "./errors/index.js";
export * from "./hash/index.js";
export * from "./hlc/index.js";
export * from "./ingest/index.js";
export * from "./redact/index.js";
export * from "./result/index.js";
export * from "./schema/index.js";
export * from "./sync-rules/index.js";
export * from "./targets/index.js";
export { parseWith } from "./validation/parse-with.js";
export { formatPath, toValidationIssues } from "./validation/zod-issues.js";
