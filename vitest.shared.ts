import { defineConfig } from "vitest/config";

/** Shared vitest settings: real git and tmux tests need time, never retries that hide flakiness. */
export const woVitest = defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
    env: { NO_COLOR: "1" },
  },
});
