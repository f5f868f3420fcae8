import { defineConfig, mergeConfig } from "vitest/config";
import { woVitest } from "../../vitest.shared.ts";

// Real agents start slowly on busy machines: a worker's whole life (spawn, tool call, turn end, send, kill) gets
// minutes, not the 30 s of the unit suites. One agent at a time per file; files run two at a time at most.
export default mergeConfig(
  woVitest,
  defineConfig({ test: { testTimeout: 240_000, hookTimeout: 60_000, maxWorkers: 2, fileParallelism: true } }),
);
