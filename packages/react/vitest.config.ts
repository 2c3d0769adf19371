import { defineProject } from "vitest/config";
import { resolveToSource } from "../../vitest.shared.js";

/**
 * The component tests render under happy-dom, but the gateway they talk to runs in the same
 * process: resolve with Node's conditions, not the browser's (`ws` has a browser build that
 * throws), and keep Node's Fetch API (see src/testing/happy-dom-env.ts).
 */
const nodeConditions = resolveToSource.ssr.resolve.conditions;

export default defineProject({
  ...resolveToSource,
  resolve: { conditions: nodeConditions, mainFields: ["module", "jsnext:main", "jsnext"] },
  test: {
    name: "react",
    environment: "./src/testing/happy-dom-env.ts",
    setupFiles: ["./src/testing/react-act-environment.ts"],
    include: ["src/**/*.test.ts", "src/**/*.test.tsx"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
