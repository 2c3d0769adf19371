import { defineConfig } from "vite";

/**
 * The console is served by the gateway server under `/console`. `bun run dev:console` runs
 * this dev server with every gateway route proxied to LAKESYNC_URL (default
 * http://localhost:3000), so the page and the API share one origin (the gateway sends no CORS
 * headers).
 */
const gateway = process.env.LAKESYNC_URL ?? "http://localhost:3000";
const proxied = ["/admin", "/connectors", "/sync", "/health", "/openapi.json"];

export default defineConfig({
  base: "/console/",
  resolve: { conditions: ["@lakesync/source", "module", "browser", "development|production"] },
  esbuild: { jsx: "automatic" },
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true },
  server: {
    proxy: Object.fromEntries(proxied.map((path) => [path, { target: gateway, ws: true }])),
  },
});
