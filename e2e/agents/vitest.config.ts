import { mkdirSync } from "node:fs";
import path from "node:path";
import { defineConfig, mergeConfig } from "vitest/config";
import { woVitest } from "../../vitest.shared.ts";

// Temporary repositories and HOMEs live in a private directory of this package, not in /tmp: Gemini CLI ignores a
// settings file (such as the one wo passes for its hooks) when any directory above it is writable by others, as
// /tmp is. Users' repositories do not live there either.
const work = path.join(import.meta.dirname, ".work");
mkdirSync(work, { recursive: true, mode: 0o700 });

// Real agents start slowly on busy machines: a worker's whole life (spawn, tool call, turn end, send, kill) gets
// minutes, not the 30 s of the unit suites. The steps of one agent run in order; two agents' files at a time.
export default mergeConfig(
  woVitest,
  defineConfig({
    test: { testTimeout: 240_000, hookTimeout: 60_000, maxWorkers: 2, env: { TMPDIR: work } },
  }),
);
