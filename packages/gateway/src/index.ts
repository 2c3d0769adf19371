// The public API of @lakesync/gateway: the engine, the host port, auth, the HTTP app, the
// WebSocket protocol and the secret box shared by the server and the worker.
export * from "./auth/index.js";
export * from "./connectors/index.js";
export * from "./crypto/index.js";
export * from "./engine/index.js";
export * from "./host/index.js";
export * from "./http/index.js";
export * from "./ingest/index.js";
export * from "./ws/index.js";
