import { mkdirSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, mergeConfig } from "vitest/config";
import { woVitest } from "../../vitest.shared.ts";

// Temporary repositories and HOMEs live in a private directory, not in /tmp: Gemini CLI ignores a settings file
// (such as the one wo passes for its hooks) when any directory above it is writable by group or others, as /tmp is.
// Users' repositories do not live there either. The directory is this package's `.work`, unless the clone itself
// sits under such a directory (a CI clone in /tmp): then a private one under the home directory.
const work = privateDir(
  path.join(import.meta.dirname, ".work"),
  path.join(os.homedir(), ".cache", "wo-e2e-agents"),
);

function privateDir(...candidates: string[]): string {
  const chosen = candidates.find((dir) => noOtherWriters(path.dirname(dir))) ?? candidates[0]!;
  mkdirSync(chosen, { recursive: true, mode: 0o700 });
  return chosen;
}

// Whether no existing directory from `dir` up to the root can be written by group or others.
function noOtherWriters(dir: string): boolean {
  for (let current = dir; ; current = path.dirname(current)) {
    try {
      if ((statSync(current).mode & 0o022) !== 0) return false;
    } catch {
      // Not there yet: it will be made private.
    }
    if (path.dirname(current) === current) return true;
  }
}

// Real agents start slowly on busy machines: a worker's whole life (spawn, tool call, turn end, send, kill) gets
// minutes, not the 30 s of the unit suites. The steps of one agent run in order; two agents' files at a time.
export default mergeConfig(
  woVitest,
  defineConfig({
    test: { testTimeout: 240_000, hookTimeout: 60_000, maxWorkers: 2, env: { TMPDIR: work } },
  }),
);
