import { defineWorkersProject } from "@cloudflare/vitest-pool-workers/config";
import { TEST_ENCRYPTION_KEY, TEST_JWT_SECRET } from "./test/secrets.js";

export default defineWorkersProject({
  // Workspace packages resolve to their TypeScript source, as in every other project.
  resolve: { conditions: ["@lakesync/source"] },
  ssr: { resolve: { conditions: ["@lakesync/source"] } },
  test: {
    name: "gateway-worker",
    include: ["test/**/*.test.ts"],
    poolOptions: {
      workers: {
        main: "./src/index.ts",
        singleWorker: true,
        // Sockets stay open across a test's awaits; each test uses its own gateway id instead.
        isolatedStorage: false,
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: {
            LAKESYNC_JWT_SECRET: TEST_JWT_SECRET,
            LAKESYNC_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
          },
        },
      },
    },
  },
});
