/**
 * Workspace packages resolve to their TypeScript source under test (the `@lakesync/source`
 * export condition), so tests never run against a stale build.
 */
export const resolveToSource = {
  resolve: { conditions: ["@lakesync/source", "module", "browser", "development|production"] },
  ssr: {
    resolve: { conditions: ["@lakesync/source", "module", "node", "development|production"] },
  },
};
