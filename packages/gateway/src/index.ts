// The public API of @lakesync/gateway: the engine, the host port, auth and the HTTP app.
export * from "./auth/index.js";
export * from "./connectors/index.js";
export * from "./engine/index.js";
export * from "./host/index.js";
export * from "./http/index.js";
export * from "./ingest/index.js";
