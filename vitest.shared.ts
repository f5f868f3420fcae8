import { defineConfig } from "vitest/config";

/**
 * Shared vitest settings: real git and tmux tests need time, never retries that hide flakiness. The limits only
 * catch a hung test; `pnpm test` runs four packages at once on a 2-core machine, where a whole-flow test that takes
 * 10 s alone can take three times that.
 */
export const woVitest = defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    env: { NO_COLOR: "1" },
  },
});
